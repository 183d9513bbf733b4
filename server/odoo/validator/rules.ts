/**
 * Every rule the validator reports, with what it means. Ids are stable: the UI, the AI fix loop
 * and tests key on them. Severity is the usual one; a few rules vary by version (noted).
 */
export const RULES = {
  // module & sources
  "module-name": "The folder name is not an importable module name.",
  "zip-unsafe-path": "An absolute path, `..`, drive letter or control character in the archive (or a symlink on disk).",
  "zip-unsafe-count": "The archive holds more files than allowed.",
  "zip-unsafe-size": "A file, or the whole module, is larger than allowed.",
  "zip-invalid": "The upload is not a readable zip.",
  "zip-module-name": "The zip's folder name differs from the module name being validated (warning).",
  "init-missing": "No __init__.py at the module root.",
  // manifest
  "manifest-missing": "No __manifest__.py.",
  "manifest-syntax": "The manifest is not a single Python dict literal.",
  "manifest-key-missing": "A required key (name, version, license, depends, data) is missing.",
  "manifest-key-duplicate": "A key appears twice.",
  "manifest-name": "name is empty or not a string.",
  "manifest-version": "version is not <odoo>.0.x.y.z for the target (wrong series: error; short form: warning; on 16 a foreign series is a warning).",
  "manifest-license": "license is not one of Odoo's accepted values.",
  "manifest-author": "No author (warning; Odoo 19 logs one).",
  "manifest-type": "depends/data/demo is not a list of strings.",
  "manifest-installable": "installable is False (warning).",
  "manifest-data-missing": "A data/demo file listed does not exist.",
  "manifest-data-duplicate": "A file is listed twice (warning).",
  "manifest-data-unlisted": "An XML/CSV file under a data folder is not listed, so never loaded (warning).",
  // data files
  "xml-well-formed": "XML syntax error.",
  "xml-empty": "An empty data file (warning).",
  "xml-root": "A data file's root is not <odoo>/<openerp>.",
  "xmlid-duplicate": "The same xml id is defined twice in the module.",
  "ref-unresolved": "A reference names an id this module never defines, or a module outside its depends.",
  "data-order": "A reference to an id defined later in load order (later file, or below in the same file).",
  "record-field-unknown": "A <record>'s <field> (or a CSV column) is not a field of its model.",
  "security-field-renamed": "19: res.users.groups_id → group_ids, res.groups.users → user_ids, category_id → privilege_id.",
  // views
  "view-field-unknown": "A view names a field its model does not have.",
  "field-depends-missing": "A field that only a module outside depends (and its auto-installed glue modules) adds (needs a real tree's catalogue).",
  "view-model-unknown": "The view's model is neither the module's nor in the catalogue; fields not checked (info).",
  "attrs-removed": "≥17: attrs= / states= in a view.",
  "tree-tag": "≥18: <tree> (or an xpath looking for it); use <list>.",
  "list-tag": "≤17: <list> (or an xpath looking for it); use <tree>.",
  "view-mode-tree": "≥18: view_mode contains tree.",
  "view-mode-list": "≤17: view_mode contains list (warning).",
  "kanban-box": "t-name=\"kanban-box\": warning on 18, error on 19; use card.",
  "chatter-div": "≥18: <div class=\"oe_chatter\"> (warning); use <chatter/>.",
  "chatter-tag": "≤17: <chatter/> does not exist.",
  "search-group-attrs": "19: <group expand/string> in a search view.",
  // security
  "acl-missing": "A new (non-abstract) model has no ir.model.access row.",
  "acl-csv-header": "ir.model.access.csv lacks one of the 8 standard columns.",
  "acl-csv-columns": "A row's column count differs from the header's.",
  "acl-perm-value": "A perm_* value is not 0 or 1.",
  // python
  "python-syntax": "A .py file does not parse.",
  "python-not-imported": "A .py file no __init__.py imports: warning when it defines models (they do not exist for Odoo, so views naming their fields fail), info otherwise.",
  "sql-constraints-ignored": "19: _sql_constraints is silently ignored; use models.Constraint.",
  "name-get-deprecated": "≥17: name_get (warning); use _compute_display_name.",
  "fields-view-get-removed": "fields_view_get (replaced by get_view in 16).",
  "user-has-groups-deprecated": "≥18: user_has_groups (warning).",
  "group-operator-renamed": "≥18: group_operator= (warning); use aggregator=.",
  "field-states-removed": "≥17: the field parameter states= (warning).",
  "api-decorator-removed": "@api.multi / @api.one and other pre-13 decorators.",
  "import-legacy": "openerp or odoo.osv.osv/orm/fields imports.",
  "dangerous-call": "eval/exec, os.system/popen, subprocess (warning).",
  "hook-signature": "≥17 hooks take env; 16 hooks take (cr, registry).",
  "orm-api-deprecated": "invalidate_cache() (warning).",
  "route-json-renamed": "19: http.route(type='json') (warning); use 'jsonrpc'.",
} as const;

export type RuleId = keyof typeof RULES;
