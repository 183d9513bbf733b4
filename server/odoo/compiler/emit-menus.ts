/** `views/menus.xml`: the app's root menu (with its icon), folders, and menus opening actions. */
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { actionXmlId, qualify, type CompileContext } from "./context";
import { el, odooDocument, type XmlNode } from "./xml";

export const ROOT_MENU = "menu_root";
export const CONFIG_MENU = "menu_configuration";

/** Menus ordered so that every parent comes before its children (Odoo resolves refs in file order). */
export function orderedMenus(bp: Blueprint): Blueprint["menus"] {
  const byId = new Map(bp.menus.map((m) => [m.id, m]));
  const out: Blueprint["menus"] = [];
  const done = new Set<string>();
  const visit = (id: string, trail: Set<string>) => {
    const menu = byId.get(id);
    if (!menu || done.has(id) || trail.has(id)) return;
    trail.add(id);
    if (menu.parent) visit(menu.parent, trail);
    done.add(id);
    out.push(menu);
  };
  for (const menu of bp.menus) visit(menu.id, new Set());
  return out;
}

export function emitMenus(ctx: CompileContext): string | null {
  const { bp } = ctx;
  if (!bp.menus.length) return null;
  const items: XmlNode[] = [
    el("menuitem", {
      id: ROOT_MENU,
      name: bp.module.title,
      web_icon: `${ctx.module},static/description/icon.png`,
      sequence: 10,
    }),
  ];
  if (bp.menus.some((m) => m.configuration && !m.parent)) {
    items.push(el("menuitem", { id: CONFIG_MENU, name: "Configuration", parent: ROOT_MENU, sequence: 100 }));
  }
  for (const menu of orderedMenus(bp)) {
    const parent = menu.parent ?? (menu.configuration ? CONFIG_MENU : ROOT_MENU);
    const action = menu.model ? (menu.domain?.length ? `action_menu_${menu.id}` : actionXmlId(menu.model)) : undefined;
    items.push(
      el("menuitem", {
        id: menu.id,
        name: menu.name,
        parent,
        action,
        sequence: menu.sequence,
        groups: menu.groups.length ? menu.groups.map((g) => qualify(ctx, g)).join(",") : undefined,
      }),
    );
  }
  return odooDocument(items);
}
