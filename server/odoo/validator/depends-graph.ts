/**
 * Which modules' xml ids a module may reference: its `depends`, and theirs, transitively.
 * Core modules' dependencies are listed here (the union over 16–19, read from their manifests,
 * so a reference valid on any of them passes); a non-core dependency contributes only itself.
 */
const CORE_DEPENDS: Readonly<Record<string, string>> = {
  base: "",
  web: "base",
  bus: "base web",
  mail: "base base_setup bus web_tour html_editor",
  base_setup: "base web",
  web_tour: "web",
  html_editor: "base bus web",
  web_editor: "bus web html_editor",
  http_routing: "web",
  auth_signup: "base_setup mail web",
  portal: "web web_editor html_editor http_routing mail auth_signup",
  product: "base mail uom",
  uom: "base",
  analytic: "base mail uom",
  utm: "base web",
  resource: "base web",
  resource_mail: "resource mail",
  calendar: "base mail onboarding",
  contacts: "base mail",
  digest: "mail portal resource",
  rating: "mail",
  phone_validation: "base mail",
  iap: "web base_setup",
  iap_mail: "iap mail",
  sms: "base iap_mail mail phone_validation",
  barcodes: "web",
  barcodes_gs1_nomenclature: "barcodes uom",
  onboarding: "base web",
  sales_team: "base mail",
  payment: "onboarding portal",
  account_payment: "account payment",
  account: "base_setup onboarding product analytic portal digest",
  sale: "sales_team account_payment utm",
  sale_management: "sale digest",
  sale_stock: "sale stock_account",
  sale_crm: "sale crm",
  sale_project: "sale_management sale_service project project_account",
  sale_service: "sale_management",
  purchase: "account",
  purchase_stock: "stock_account purchase",
  stock: "product barcodes_gs1_nomenclature digest",
  stock_account: "stock account",
  mrp: "product stock resource",
  crm: "base_setup sales_team mail calendar resource utm web_tour web_kanban_gauge contacts digest phone_validation",
  hr: "base_setup mail resource resource_mail web digest phone_validation",
  hr_contract: "hr",
  hr_holidays: "hr calendar resource",
  hr_expense: "hr hr_contract account web_tour",
  hr_attendance: "hr barcodes base_geolocalize",
  hr_recruitment: "hr calendar utm attachment_indexation web_tour digest",
  hr_timesheet: "hr hr_hourly_cost analytic project uom",
  project: "analytic base_setup mail portal rating resource web web_tour digest",
  project_account: "account project",
  fleet: "base mail",
  maintenance: "mail",
  event: "base_setup mail portal utm barcodes phone_validation",
  survey: "auth_signup http_routing mail web_tour gamification web_kanban_gauge",
  website: "digest web web_editor html_editor html_builder http_routing portal social_media mail google_recaptcha utm auth_signup",
  point_of_sale: "stock_account barcodes web_editor html_editor digest resource phone_validation partner_autocomplete iot_base google_address_autocomplete",
  partner_autocomplete: "iap_mail",
  lunch: "mail",
  note: "mail",
  delivery: "sale sale_stock sale_management payment_custom",
  loyalty: "product portal account",
  repair: "stock sale_stock sale_management",
};

const depsOf = (module: string, graph?: ReadonlyMap<string, readonly string[]>): readonly string[] =>
  graph?.get(module) ?? (CORE_DEPENDS[module] ?? "").split(" ").filter(Boolean);

/**
 * The modules a module with these `depends` can rely on being installed (always includes base),
 * through `graph` (a real tree's manifests) when given, else the built-in core graph.
 */
export function dependsClosure(depends: readonly string[], graph?: ReadonlyMap<string, readonly string[]>): Set<string> {
  const closure = new Set<string>(["base"]);
  const queue = [...depends];
  while (queue.length > 0) {
    const module = queue.pop()!;
    if (closure.has(module) && module !== "base") continue;
    closure.add(module);
    queue.push(...depsOf(module, graph).filter((dep) => !closure.has(dep)));
  }
  return closure;
}

/**
 * `closure` plus every auto-install module whose triggers are all in it, repeatedly: what Odoo
 * actually has installed once the module's depends are.
 */
export function withAutoInstalled(closure: Set<string>, graph: ReadonlyMap<string, readonly string[]>, autoInstall: ReadonlyMap<string, readonly string[]>): Set<string> {
  const installed = new Set(closure);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [module, triggers] of autoInstall) {
      if (installed.has(module) || !triggers.every((trigger) => installed.has(trigger))) continue;
      for (const dep of dependsClosure([module], graph)) installed.add(dep);
      changed = true;
    }
  }
  return installed;
}

export const knownCoreDepends = (): readonly string[] => Object.keys(CORE_DEPENDS);
