import { describe, expect, it } from "vitest";
import { odooVersions } from "@/lib/odoo-versions";
import type { Blueprint, Field, Model } from "@/server/odoo/blueprint/schema";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { validateModule } from "@/server/odoo/validator";
import { draftOffline, offlineDrafter } from "./index";
import { modelPrefix, workflowFor } from "./build-blueprint";
import type { DraftInput } from "./types";

/** Realistic descriptions, several of them the ones behind examples/blueprints. */
const cases = {
  fleet: {
    title: "Fleet maintenance log",
    moduleName: "fleet_maintenance_log",
    odooVersion: "17",
    description:
      "Keeps a register of vehicles and their maintenance orders. Each order goes through a draft → scheduled → in progress → done workflow, gets a reference number, lists its parts and labour lines and totals their cost.",
    depends: ["mail"],
  },
  interventions: {
    title: "Vehicle interventions",
    moduleName: "vehicle_interventions",
    odooVersion: "18",
    description: "Track maintenance interventions on company vehicles, with costs and next due dates.",
    depends: ["fleet", "mail"],
  },
  clinic: {
    title: "Clinic appointments",
    moduleName: "clinic_appointments",
    odooVersion: "17",
    description:
      "Book patient appointments with practitioners and send reminders. Appointments have a start time and a computed end; practitioners are grouped by speciality.",
    depends: ["mail"],
  },
  loans: {
    title: "Equipment loans",
    moduleName: "equipment_loans",
    odooVersion: "17",
    description:
      "Lend tools and devices to employees and get them back on time. Loans move from draft to borrowed to returned. Borrowers only see their own loans; a daily job flags overdue ones.",
    depends: ["mail"],
  },
  assets: {
    title: "IT asset register",
    moduleName: "it_asset_register",
    odooVersion: "18",
    description:
      "An inventory of IT assets (laptop, phone, licence) with tags, a serial number, a purchase date, a warranty end date and the employee who holds them. Each asset has a status: in stock, assigned, in repair or retired.",
    depends: ["hr", "mail"],
  },
  training: {
    title: "Training course catalogue",
    moduleName: "training_course_catalog",
    odooVersion: "16",
    description:
      "Manage training courses and their sessions. Each course has a unique code, a duration in hours and a description. Each session has a start date, an end date, a number of seats, a price and attendees (customers). Sessions belong to a course.",
    depends: [],
  },
  nps: {
    title: "Customer NPS surveys",
    moduleName: "customer_nps_survey",
    odooVersion: "19",
    description: "Collect Net Promoter Score answers from customers. Each answer has a score, a comment, the customer and the date. Follow up with detractors.",
    depends: ["mail"],
  },
  library: {
    title: "Library catalog",
    moduleName: "library_catalog",
    odooVersion: "17",
    description:
      "Books, authors and members of a small lending library. Each book has an ISBN, a publication date and authors. Members borrow books; each loan has a loan date, a due date and a returned flag.",
    depends: [],
  },
  rooms: {
    title: "Event room booking",
    moduleName: "event_room_booking",
    odooVersion: "18",
    description:
      "Book meeting rooms for events. Each room has a capacity, a location and a photo. Each booking has a room, an organiser (user), a start time, an end time and a number of attendees. Bookings are draft, confirmed or cancelled.",
    depends: [],
  },
  visits: {
    title: "Field service visits",
    moduleName: "field_service_visits",
    odooVersion: "17",
    description:
      "Visits at customer sites belong to a company. Technicians record the visit date, the duration, the customer, and a report. Each visit can be planned, in progress, done or cancelled.",
    depends: ["mail"],
  },
  orders: {
    title: "Customer orders",
    moduleName: "customer_orders_plus",
    odooVersion: "19",
    description: "Manage customer orders. Each order has an order date, a customer, a priority and order lines with a price.",
    depends: ["mail"],
  },
  helpdesk: {
    title: "Simple helpdesk",
    moduleName: "simple_helpdesk",
    odooVersion: "18",
    description:
      "Simple helpdesk: customers submit tickets with a subject, a description and a priority. Tickets are assigned to a user and move from new to in progress to solved.",
    depends: ["mail"],
  },
  nothing: {
    title: "Team helper",
    moduleName: "team_helper",
    odooVersion: "17",
    description: "We need something nice for the team, quickly.",
    depends: [],
  },
} satisfies Record<string, DraftInput>;

type CaseName = keyof typeof cases;
const drafts = Object.fromEntries(Object.entries(cases).map(([name, input]) => [name, draftOffline(input)])) as Record<CaseName, ReturnType<typeof draftOffline>>;

function model(bp: Blueprint, suffix: string): Model {
  const found = bp.models.find((m) => m.name.endsWith(`.${suffix}`));
  if (!found) throw new Error(`no model *.${suffix} in ${bp.models.map((m) => m.name).join(", ")}`);
  return found;
}
function field(m: Model, name: string): Field {
  const found = m.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} on ${m.name}: ${m.fields.map((f) => f.name).join(", ")}`);
  return found;
}
const shape = (f: Field) => `${f.type}${"comodel" in f ? `>${f.comodel}` : ""}`;

describe("offline drafter: what it recognises", () => {
  it("vehicles with their maintenance orders, a workflow, parts and lines", () => {
    const bp = drafts.fleet.blueprint;
    expect(bp.models.map((m) => m.name)).toEqual([
      "fleet_maintenance_log.vehicle",
      "fleet_maintenance_log.maintenance_order",
      "fleet_maintenance_log.part",
      "fleet_maintenance_log.maintenance_order_line",
    ]);
    const order = model(bp, "maintenance_order");
    expect(shape(field(order, "vehicle_id"))).toBe("many2one>fleet_maintenance_log.vehicle");
    expect(field(model(bp, "vehicle"), "maintenance_order_ids")).toMatchObject({ type: "one2many", inverse: "vehicle_id" });
    expect(shape(field(order, "reference_number"))).toBe("char");
    expect(field(order, "maintenance_order_line_ids")).toMatchObject({ type: "one2many", inverse: "maintenance_order_id" });
    expect(field(model(bp, "maintenance_order_line"), "maintenance_order_id")).toMatchObject({ required: true, ondelete: "cascade" });
    expect(order.workflow?.states.map((s) => s.value)).toEqual(["draft", "scheduled", "in_progress", "done"]);
    expect(order.workflow?.transitions.map((t) => [t.name, t.from.join(","), t.to])).toEqual([
      ["schedule", "draft", "scheduled"],
      ["start", "scheduled", "in_progress"],
      ["done", "in_progress", "done"],
    ]);
    expect(order.mixins).toEqual(["mail.thread", "mail.activity.mixin"]);
    expect(model(bp, "maintenance_order_line").mixins).toEqual([]);
  });

  it("links to core models that the depends bring, and types costs and dates", () => {
    const m = model(drafts.interventions.blueprint, "maintenance_intervention");
    expect(m.fields.map((f) => `${f.name}:${shape(f)}`)).toEqual([
      "name:char",
      "vehicle_id:many2one>fleet.vehicle",
      "cost:monetary",
      "next_due_date:date",
    ]);
    expect(m.currency).toBe(true);
    expect(field(m, "name").required).toBe(true);
  });

  it("turns people into contacts or records of their own, and times into datetimes", () => {
    const bp = drafts.clinic.blueprint;
    const appointment = model(bp, "appointment");
    expect(shape(field(appointment, "patient_id"))).toBe("many2one>res.partner");
    expect(shape(field(appointment, "practitioner_id"))).toBe("many2one>clinic_appointments.practitioner");
    expect(shape(field(appointment, "start_time"))).toBe("datetime");
    expect(field(model(bp, "practitioner"), "appointment_ids")).toMatchObject({ type: "one2many", inverse: "practitioner_id" });
    expect(bp.views.some((v) => v.type === "calendar" && v.model === appointment.name && v.dateStart === "start_time")).toBe(true);
  });

  it("reads 'move from draft to borrowed to returned' as a workflow and employees as users without hr", () => {
    const bp = drafts.loans.blueprint;
    expect(bp.models.map((m) => m.name.split(".")[1])).toEqual(["tool", "device", "loan"]);
    expect(shape(field(model(bp, "tool"), "employee_id"))).toBe("many2one>res.users");
    expect(model(bp, "loan").workflow?.states.map((s) => s.value)).toEqual(["draft", "borrowed", "returned"]);
    expect(drafts.loans.notes.join("\n")).toMatch(/hr is not a dependency/);
  });

  it("uses hr.employee when hr is a dependency; lists states after 'status:'; tags are many2many", () => {
    const asset = model(drafts.assets.blueprint, "asset");
    expect(shape(field(asset, "employee_id"))).toBe("many2one>hr.employee");
    expect(field(asset, "category")).toMatchObject({ type: "selection", options: [{ value: "laptop" }, { value: "phone" }, { value: "licence" }] });
    expect(shape(field(asset, "tag_ids"))).toBe("many2many>it_asset_register.tag");
    expect(shape(field(asset, "serial_number"))).toBe("char");
    expect(shape(field(asset, "warranty_end_date"))).toBe("date");
    expect(asset.workflow?.states.map((s) => s.value)).toEqual(["in_stock", "assigned", "in_repair", "retired"]);
    expect(drafts.assets.notes.join("\n")).not.toMatch(/No status values/);
  });

  it("numbers, unique codes, many2many attendees and 'belong to'", () => {
    const bp = drafts.training.blueprint;
    const course = model(bp, "training_course");
    const session = model(bp, "session");
    expect(course.sqlConstraints).toEqual([expect.objectContaining({ kind: "unique", fields: ["code"] })]);
    expect(shape(field(course, "duration"))).toBe("float");
    expect(shape(field(course, "description"))).toBe("text");
    expect(shape(field(session, "seat_count"))).toBe("integer");
    expect(shape(field(session, "price"))).toBe("monetary");
    expect(shape(field(session, "attendee_ids"))).toBe("many2many>res.partner");
    expect(shape(field(session, "training_course_id"))).toBe("many2one>training_course_catalog.training_course");
    expect(bp.module.depends).toEqual(["base"]);
    expect(session.mixins).toEqual([]); // no mail in depends: no chatter
  });

  it("scores are integers, comments text, the customer a partner", () => {
    const answer = model(drafts.nps.blueprint, "net_promoter_score_answer");
    expect(answer.fields.map((f) => `${f.name}:${shape(f)}`)).toEqual([
      "name:char",
      "score:integer",
      "comment:text",
      "customer_id:many2one>res.partner",
      "date:date",
    ]);
  });

  it("a sentence listing what is managed, and many2many to people", () => {
    const bp = drafts.library.blueprint;
    expect(bp.models.map((m) => m.name.split(".")[1])).toEqual(["book", "author", "member", "loan"]);
    const book = model(bp, "book");
    expect(shape(field(book, "isbn"))).toBe("char");
    expect(shape(field(book, "author_ids"))).toBe("many2many>library_catalog.author");
    expect(shape(field(model(bp, "loan"), "returned"))).toBe("boolean");
  });

  it("'(user)' says what a field links to; 'are draft, confirmed or cancelled' is a workflow with cancel and reset", () => {
    const booking = model(drafts.rooms.blueprint, "booking");
    expect(shape(field(booking, "organiser_id"))).toBe("many2one>res.users");
    expect(shape(field(booking, "attendee_count"))).toBe("integer");
    expect(shape(field(booking, "meeting_room_id"))).toBe("many2one>event_room_booking.meeting_room");
    expect(booking.workflow?.transitions.map((t) => [t.name, t.from.join(","), t.to])).toEqual([
      ["confirm", "draft", "confirmed"],
      ["cancel", "draft", "cancelled"],
      ["reset", "cancelled", "draft"],
    ]);
    expect(shape(field(model(drafts.rooms.blueprint, "meeting_room"), "photo"))).toBe("image");
  });

  it("'belong to a company' makes the model multi-company with a record rule", () => {
    const bp = drafts.visits.blueprint;
    const visit = model(bp, "visit");
    expect(visit.companyAware).toBe(true);
    expect(bp.security.rules).toEqual([expect.objectContaining({ model: visit.name, kind: "company" })]);
    expect(shape(field(visit, "customer_id"))).toBe("many2one>res.partner");
    expect(shape(field(visit, "report"))).toBe("text");
    expect(visit.workflow?.states.map((s) => s.value)).toEqual(["planned", "in_progress", "done", "cancelled"]);
  });

  it("order lines become a child model with quantity and price; a priority gets three levels", () => {
    const bp = drafts.orders.blueprint;
    const order = model(bp, "order");
    expect(field(order, "priority")).toMatchObject({ type: "selection", default: "normal" });
    const line = model(bp, "order_line");
    expect(line.fields.map((f) => `${f.name}:${shape(f)}`)).toEqual([
      "name:char",
      "order_id:many2one>customer_orders_plus.order",
      "quantity:float",
      "unit_price:monetary",
    ]);
    expect(line.currency).toBe(true);
    expect(bp.menus.find((m) => m.model === line.name)?.configuration).toBe(true);
  });

  it("'are assigned to a user' links to res.users; 'new' is a state, not an adjective", () => {
    const ticket = model(drafts.helpdesk.blueprint, "ticket");
    expect(ticket.fields.map((f) => `${f.name}:${shape(f)}`)).toEqual([
      "name:char",
      "subject:char",
      "description:text",
      "priority:selection",
      "user_id:many2one>res.users",
    ]);
    expect(ticket.workflow?.states.map((s) => s.value)).toEqual(["new", "in_progress", "solved"]);
    const search = drafts.helpdesk.blueprint.views.find((v) => v.type === "search" && v.model === ticket.name);
    expect(search).toMatchObject({ filters: [{ name: "mine" }, { name: "open" }] });
  });

  it("recognising nothing still gives one valid model named after the project, and says so", () => {
    const { blueprint, notes, markdown } = drafts.nothing;
    expect(blueprint.models).toHaveLength(1);
    expect(blueprint.models[0]!.name).toBe("team_helper.helper");
    expect(blueprint.models[0]!.fields.map((f) => f.name)).toEqual(["name"]);
    expect(notes.join("\n")).toMatch(/No records to manage were recognised/);
    expect(markdown).toMatch(/No records to manage were recognised/);
  });
});

describe("offline drafter: the blueprint is complete and consistent", () => {
  it.each(Object.keys(cases) as CaseName[])("%s: menus, views, groups and ACLs for every model", (name) => {
    const { blueprint: bp, source } = drafts[name];
    expect(source).toBe("offline");
    expect(blueprintSchema.parse(bp)).toEqual(bp);
    expect(bp.module.name).toBe(cases[name].moduleName);
    expect(bp.module.odooVersion).toBe(cases[name].odooVersion);
    expect(bp.security.groups.map((g) => g.id)).toEqual(["group_user", "group_manager"]);
    for (const m of bp.models) {
      expect(m.fields[0]).toMatchObject({ name: "name", type: "char", required: true });
      expect(bp.menus.filter((menu) => menu.model === m.name)).toHaveLength(1);
      const types = bp.views.filter((v) => v.model === m.name).map((v) => v.type);
      expect(types).toEqual(expect.arrayContaining(["list", "form"]));
      if (!bp.menus.find((menu) => menu.model === m.name)?.configuration) expect(types).toContain("search");
      if (m.workflow) expect(types).toContain("kanban");
      expect(bp.security.acls.filter((a) => a.model === m.name).map((a) => a.group)).toEqual(["group_user", "group_manager"]);
    }
  });

  it("is deterministic: the same input gives the same blueprint and Markdown", () => {
    for (const [name, input] of Object.entries(cases)) {
      const again = draftOffline(structuredClone(input));
      expect(again, name).toEqual(drafts[name as CaseName]);
    }
  });

  it("goes through the SpecDrafter interface", async () => {
    expect(offlineDrafter.name).toBe("offline");
    await expect(offlineDrafter.draft(cases.nps)).resolves.toEqual(drafts.nps);
  });

  it("refuses an invalid input at the edge", () => {
    expect(() => draftOffline({ ...cases.nps, moduleName: "Not A Name" })).toThrow();
  });
});

describe("offline drafter: every draft compiles and validates with zero errors on Odoo 16–19", () => {
  describe.each(odooVersions)("Odoo %s", (version) => {
    it.each(Object.keys(cases) as CaseName[])("%s", async (name) => {
      const bp = draftOffline({ ...cases[name], odooVersion: version }).blueprint;
      const files = compileModule(bp);
      expect(files.has("__manifest__.py")).toBe(true);
      expect([...files.keys()].some((path) => path.startsWith("tests/test_"))).toBe(true);
      const findings = await validateModule(files, { odooVersion: version, moduleName: bp.module.name });
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    });
  });
});

describe("offline drafter: odd input never breaks the draft", () => {
  const odd = [
    "",
    "track track track track",
    "Manage: , , and and or (a, b) (c) → → →",
    "Track the id, the create date, the write date, the display name, the state, the company, the currency, the type, the class and the import of each order.",
    "Track orders with lines, lines with items, items with lines.",
    "Vehicles vehicles vehicles. Vehicle's vehicle of vehicles on vehicles for vehicles.",
    "The status can be x, y or z. Each status has a status. Statuses move from a to b.",
    "Track 'quoted' \"things\" with émojis 🚗 and ünïcödé names, the día and the naïve café.",
    `Track ${Array.from({ length: 40 }, (_, i) => `thing${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}s`).join(", ")}.`,
    `Each order has ${Array.from({ length: 60 }, (_, i) => `field ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} date`).join(", ")}.`,
    "Log expenses with an amount, a receipt (attachment), a category (travel, meals, other), and the employee. Expense reports go through draft -> submitted -> approved -> paid, or refused.",
  ];
  it.each(odd.map((text, i) => [i, text] as const))("#%i compiles and validates on 16 and 19", async (_i, description) => {
    for (const odooVersion of ["16", "19"] as const) {
      for (const depends of [[], ["hr", "mail", "sale", "project", "fleet"]]) {
        const { blueprint } = draftOffline({ title: "Odd input", moduleName: "odd_input", odooVersion, description, depends });
        expect(blueprint.models.length).toBeGreaterThan(0);
        expect(blueprint.models.length).toBeLessThanOrEqual(12);
        for (const m of blueprint.models) expect(m.fields.length).toBeLessThanOrEqual(31);
        const findings = await validateModule(compileModule(blueprint), { odooVersion, moduleName: "odd_input" });
        expect(findings.filter((f) => f.severity === "error")).toEqual([]);
      }
    }
  });
});

describe("offline drafter: the Markdown", () => {
  it("has the offline label and every section, with a table per model", () => {
    const md = drafts.fleet.markdown;
    expect(md).toMatch(/\*\*Offline draft\*\* — written without AI/);
    for (const heading of ["## Purpose", "## Users and user stories", "## Data model", "## Workflow", "## Acceptance criteria", "## Assumptions"]) {
      expect(md).toContain(heading);
    }
    for (const m of drafts.fleet.blueprint.models) expect(md).toContain(`(\`${m.name}\`)`);
    expect(md).toContain("| Reference Number | `reference_number` | Text (one line) | no |");
    expect(md).toMatch(/\*\*Given\*\* a maintenance order in Scheduled, \*\*when\*\* the user clicks \*\*Start\*\*, \*\*then\*\* it is In Progress/);
  });

  it("lists what the drafter guessed under Assumptions", () => {
    const md = drafts.loans.markdown;
    const assumptions = md.slice(md.indexOf("## Assumptions"));
    expect(assumptions).not.toContain("None beyond");
    expect(assumptions).toContain("Employees are linked as Odoo users (res.users)");
    const clinic = drafts.clinic.markdown;
    expect(clinic.slice(clinic.indexOf("## Assumptions"))).toContain("Patient records are Odoo contacts (res.partner)");
  });

  it("writes no raw HTML and escapes table cells", () => {
    const { markdown } = draftOffline({ ...cases.nps, description: "Track tickets with a title | pipe and <b>bold</b> notes." });
    expect(markdown).not.toMatch(/<b>/);
  });
});

describe("helpers", () => {
  it("model prefixes stay short and never a core module", () => {
    expect(modelPrefix("fleet_maintenance_log")).toBe("fleet_maintenance_log");
    expect(modelPrefix("sale_order_extras_for_big_customers")).toBe("sale_order_extras_for");
    expect(modelPrefix("stock")).toBe("x_stock");
  });

  it("a workflow with only cancel-like and open states still validates", () => {
    const wf = workflowFor([
      { value: "open", label: "Open" },
      { value: "cancelled", label: "Cancelled" },
    ]);
    expect(wf.transitions.map((t) => [t.name, t.from, t.to])).toEqual([
      ["cancel", ["open"], "cancelled"],
      ["reset", ["cancelled"], "open"],
    ]);
  });
});
