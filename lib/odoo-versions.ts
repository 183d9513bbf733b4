/** Odoo versions the product builds for; shared by the database enum, forms and validation. */
export const odooVersions = ["16", "17", "18", "19"] as const;
export type OdooVersion = (typeof odooVersions)[number];
export const defaultOdooVersion: OdooVersion = "18";
