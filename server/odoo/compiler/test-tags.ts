/**
 * Odoo test tags of the generated tests, shared by the compiler (which tags the test classes)
 * and the runtime (which builds `--test-tags` from them).
 *
 * A quick test (the project's "happy path only" toggle) runs the classes tagged `omb_happy`:
 * creating valid records, sequences, initial states and workflow buttons. Constraint violations,
 * record rules, multi-company, crons and templates run in full runs only. Tags are class-level in
 * Odoo (`test_tags` is read on the class), so each test file has a happy class and a full one.
 */
export const HAPPY_PATH_TAG = "omb_happy";

/**
 * The `--test-tags` spec for a module's tests (`[tag]/module`, the syntax of 16–19's
 * TagsSelector): every standard test of the module, or only its happy-path ones.
 */
export function moduleTestTags(moduleName: string, quick: boolean): string {
  return quick ? `${HAPPY_PATH_TAG}/${moduleName}` : `/${moduleName}`;
}
