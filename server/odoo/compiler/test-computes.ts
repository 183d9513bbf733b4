/** Generated tests for computed fields: expected values worked out from the sample record. */
import { knownFields, modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Compute, Field, Model } from "@/server/odoo/blueprint/schema";
import type { CompileContext } from "./context";
import { pyNumber, pyStr } from "./py";
import { dayString, planSamples, sampleNumber, type Sample } from "./test-values";

/** The body of a test checking `field`'s compute, or null when its inputs are not known. */
export function computeTest(ctx: CompileContext, model: Model, field: Field, compute: Compute, plan: Map<string, Sample>): string | null {
  const slug = modelSlug(model.name);
  const known = knownFields(model);
  const create = `rec = self._create_${slug}()`;
  const num = (name: string) => sampleNumber(plan.get(name));
  const close = (expected: string) => `self.assertAlmostEqual(rec.${field.name}, ${expected}, places=2)`;
  switch (compute.kind) {
    case "sum":
    case "count": {
      const source = known.get(compute.source);
      const comodel = ctx.bp.models.find((m) => m.name === source?.comodel && m.kind === "new");
      const o2m = model.fields.find((f) => f.name === compute.source);
      if (!comodel || o2m?.type !== "one2many") return null;
      const lineSlug = modelSlug(comodel.name);
      const inverse = o2m.inverse;
      if (compute.kind === "count") {
        return `${create}\nself._create_${lineSlug}(0, ${inverse}=rec.id)\nself._create_${lineSlug}(1, ${inverse}=rec.id)\nself.assertEqual(rec.${field.name}, 2)`;
      }
      const lineField = comodel.fields.find((f) => f.name === compute.field);
      const settable = lineField && !("compute" in lineField && lineField.compute) && !lineField.related;
      const linePlan = settable ? planSamples(ctx.bp, comodel).get(compute.field) : undefined;
      const each = linePlan?.kind === "num" ? linePlan.value : undefined;
      if (each !== undefined) {
        // The planned value satisfies the line's own constraints; two lines give twice as much.
        const value = pyNumber(each, linePlan!.kind === "num" && linePlan!.float);
        return `${create}\nself._create_${lineSlug}(0, ${inverse}=rec.id, ${compute.field}=${value})\nself._create_${lineSlug}(1, ${inverse}=rec.id, ${compute.field}=${value})\n${close(pyNumber(each * 2, true))}`;
      }
      return `${create}\nself._create_${lineSlug}(0, ${inverse}=rec.id)\nself._create_${lineSlug}(1, ${inverse}=rec.id)\n${close(`sum(rec.${compute.source}.mapped(${pyStr(compute.field)}))`)}`;
    }
    case "date_add": {
      const from = plan.get(compute.from);
      if (from?.kind !== "day") return null;
      const days = typeof compute.days === "number" ? compute.days : num(compute.days);
      if (days === undefined) return null;
      const resultIsDatetime = field.type === "datetime";
      if (resultIsDatetime && !from.datetime) return null;
      const expected = dayString(from.day + days, from.datetime);
      const expectedPy = resultIsDatetime ? `fields.Datetime.to_datetime(${pyStr(expected)})` : `fields.Date.to_date(${pyStr(expected.slice(0, 10))})`;
      return `${create}\nself.assertEqual(rec.${field.name}, ${expectedPy})`;
    }
    case "date_diff": {
      const start = plan.get(compute.start);
      const end = plan.get(compute.end);
      if (start?.kind !== "day" || end?.kind !== "day" || start.datetime !== end.datetime) return null;
      return `${create}\n${close(String(end.day - start.day))}`;
    }
    case "concat": {
      const parts: string[] = [];
      for (const name of compute.fields) {
        const sample = plan.get(name);
        const type = known.get(name)?.type;
        if (!sample || !["char", "text", "selection", "integer"].includes(type ?? "")) return null;
        if (sample.kind === "num") parts.push(pyStr(String(sample.value)));
        else if (sample.kind === "expr" && sample.literal) parts.push(sample.literal);
        else return null;
      }
      return `${create}\nself.assertEqual(rec.${field.name}, ${pyStr(compute.separator)}.join([${parts.join(", ")}]))`;
    }
    case "product": {
      const values = compute.fields.map(num);
      if (values.some((v) => v === undefined)) return null;
      return `${create}\n${close(pyNumber(values.reduce((a, b) => a! * b!, 1)!, true))}`;
    }
    case "percentage": {
      const a = num(compute.numerator);
      const b = num(compute.denominator);
      if (a === undefined || b === undefined || b === 0) return null;
      return `${create}\n${close(pyNumber((100 * a) / b, true))}`;
    }
    case "custom":
      return null;
  }
}

