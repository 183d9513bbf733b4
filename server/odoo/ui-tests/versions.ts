/**
 * Every difference of Odoo's web client that the UI test runner meets, in one table, per version.
 * Selectors rely on what Odoo itself keeps stable: field `name` attributes, button names, menu xml
 * ids (`data-menu-xmlid`) and the web client's own class names.
 */
import type { OdooVersion } from "@/lib/odoo-versions";

export interface UiVersionRules {
  /** The home screen's path after login (18 moved the client from /web to /odoo). */
  clientPath: "/web" | "/odoo";
  /** Opens the apps menu (a dropdown in community editions). */
  appsMenuToggle: string;
  /** An app or a menu section, by xml id (`%s`); sections may sit in a dropdown. */
  menuItem: string;
  /** The action's view once loaded. */
  views: { list: string; kanban: string };
  newButton: string;
  formEditable: string;
  saveButton: string;
  /** The row being edited in an editable list, and the list's own save button. */
  editedRow: string;
  listSaveButton: string;
  /** Back to the previous controller (the list) through the breadcrumb. */
  backButton: string;
  statusCurrent: string;
  /** Records in lists and kanban views. */
  records: string;
  /** Real records of a many2one/many2many autocomplete, not "Search more" / "Create" entries. */
  autocompleteRecord: string;
  /** Error dialogs: server errors, validation and user errors, client errors. */
  errorDialogs: string;
  /** Red notifications, e.g. "Invalid fields" on save. */
  dangerNotifications: string;
  /** Inside an error dialog: the button that closes it (footer "Close"/"Ok", else ×). */
  dialogClose: string;
  /** Inside a notification: its close button. */
  notificationClose: string;
  /** Luxon formats of the admin's language (en_US) for typed dates. */
  dateFormat: string;
  datetimeFormat: string;
  /**
   * Other renderings of a date the form is not editing (19: `Mar 22, 2024`, and `Mar 22` in the
   * current year); formats without `yyyy` only apply to this year's dates.
   */
  shownDateFormats: string[];
}

const base: UiVersionRules = {
  clientPath: "/web",
  appsMenuToggle: ".o_navbar_apps_menu button, .o_navbar_apps_menu .dropdown-toggle",
  menuItem: '[data-menu-xmlid="%s"]',
  views: { list: ".o_list_view", kanban: ".o_kanban_view" },
  newButton: ".o_list_button_add, .o-kanban-button-new",
  formEditable: ".o_form_view .o_form_editable",
  saveButton: ".o_form_button_save",
  editedRow: ".o_list_view .o_data_row.o_selected_row",
  listSaveButton: ".o_list_button_save",
  backButton: ".o_control_panel .breadcrumb-item:not(.active) a, .o_control_panel .o_back_button",
  statusCurrent: ".o_statusbar_status .o_arrow_button_current",
  records: ".o_data_row, .o_kanban_record:not(.o_kanban_ghost)",
  autocompleteRecord: ".o-autocomplete--dropdown-item:not(:has(.o_m2o_dropdown_option)):not(.o_m2o_dropdown_option):not(:has(.o_m2o_start_typing))",
  errorDialogs: ".o_error_dialog, .o_dialog_warning, .modal-dialog:has(.modal-title:text-matches('error|warning|oops|invalid|access', 'i'))",
  dangerNotifications: ".o_notification.border-danger, .o_notification:has(.bg-danger), .o_notification:has-text('Invalid fields')",
  dialogClose: ".modal-footer .btn-primary, .modal-footer .btn-secondary, .modal-header .btn-close",
  notificationClose: ".o_notification_close",
  dateFormat: "MM/dd/yyyy",
  datetimeFormat: "MM/dd/yyyy HH:mm:ss",
  shownDateFormats: [],
};

export const UI_VERSION_RULES: Readonly<Record<OdooVersion, UiVersionRules>> = {
  "16": base,
  "17": base,
  "18": { ...base, clientPath: "/odoo" },
  "19": { ...base, clientPath: "/odoo", shownDateFormats: ["MMM d, yyyy", "MMM d"] },
};

export function uiVersionRules(version: OdooVersion): UiVersionRules {
  return UI_VERSION_RULES[version];
}
