import { type Locator, type Page, expect } from "@playwright/test";

export type OdooVersion = "16" | "17" | "18" | "19";

export interface ProjectInput {
  title?: string;
  moduleName?: string;
  odooVersion?: OdooVersion;
  depends?: string;
  description?: string;
  quickTest?: boolean;
}

/** The create / edit form at /projects/new and /projects/[id]/edit. */
export class ProjectFormPage {
  readonly form: Locator;
  readonly title: Locator;
  readonly moduleName: Locator;
  readonly odooVersion: Locator;
  readonly depends: Locator;
  readonly description: Locator;
  readonly quickTest: Locator;
  readonly saveButton: Locator;
  readonly formError: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("project-form");
    this.title = this.form.getByLabel("Title");
    this.moduleName = this.form.getByLabel("Technical name");
    this.odooVersion = this.form.getByTestId("odoo-version");
    this.depends = this.form.getByLabel("Depends on (optional)");
    this.description = this.form.getByLabel("What should the module do?");
    this.quickTest = this.form.getByRole("switch", { name: "Quick test" });
    this.saveButton = this.form.getByTestId("save-project");
    this.formError = page.getByTestId("form-error");
  }

  /** The message under a field: `title`, `moduleName`, `odooVersion`, `depends`, `description`. */
  fieldError(field: string): Locator {
    return this.page.getByTestId(`${field}-error`);
  }

  async gotoNew(): Promise<void> {
    await this.page.goto("/projects/new");
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.form).toBeVisible();
  }

  async chooseOdooVersion(version: OdooVersion): Promise<void> {
    await this.odooVersion.click();
    await this.page.getByRole("option", { name: `Odoo ${version}.0` }).click();
    await expect(this.odooVersion).toContainText(`Odoo ${version}.0`);
  }

  async setQuickTest(on: boolean): Promise<void> {
    const checked = (await this.quickTest.getAttribute("aria-checked")) === "true";
    if (checked !== on) await this.quickTest.click();
    await expect(this.quickTest).toHaveAttribute("aria-checked", String(on));
  }

  /** Fills the given fields (the title first: it suggests a technical name while that is untouched). */
  async fill(values: ProjectInput): Promise<void> {
    if (values.title !== undefined) await this.title.fill(values.title);
    if (values.moduleName !== undefined) await this.moduleName.fill(values.moduleName);
    if (values.odooVersion !== undefined) await this.chooseOdooVersion(values.odooVersion);
    if (values.depends !== undefined) await this.depends.fill(values.depends);
    if (values.description !== undefined) await this.description.fill(values.description);
    if (values.quickTest !== undefined) await this.setQuickTest(values.quickTest);
  }

  /**
   * The two-column rows keep their controls on one line whatever hints or errors sit below them
   * (a field with a two-line error once pushed its neighbour's control down).
   */
  async expectRowsAligned(): Promise<void> {
    for (const [left, right] of [
      [this.title, this.moduleName],
      [this.odooVersion, this.depends],
    ] as const) {
      const [a, b] = [await left.boundingBox(), await right.boundingBox()];
      expect(a && b, "both controls are laid out").toBeTruthy();
      expect(Math.abs((a?.y ?? 0) - (b?.y ?? 0)), "controls of one row share their top edge").toBeLessThanOrEqual(1);
    }
  }

  async submit(): Promise<void> {
    await this.saveButton.click();
  }

  /** Saves and waits for the project page it leads to; returns the project's id. */
  async save(): Promise<string> {
    await this.submit();
    await expect(this.page).toHaveURL(/\/projects\/(?!new$)[^/]+$/);
    const id = new URL(this.page.url()).pathname.split("/").pop();
    if (!id) throw new Error(`no project id in ${this.page.url()}`);
    return id;
  }
}
