"use client";

import { licenses, type Blueprint } from "@/server/odoo/blueprint/schema";
import { CheckField, SelectField, TagsField, TextField } from "./controls";
import { categories, commonDepends } from "./factories";

type ModuleInfo = Blueprint["module"];

export function ModuleSection({ module, onChange }: { module: ModuleInfo; onChange: (module: ModuleInfo) => void }) {
  const set = (patch: Partial<ModuleInfo>) => onChange({ ...module, ...patch });
  return (
    <div className="grid gap-4" data-testid="module-section">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          path="module.name"
          label="Technical name"
          value={module.name}
          onChange={() => {}}
          readOnly
          mono
          hint={`Set on the project with the Odoo version (${module.odooVersion}.0); it names the addon folder.`}
        />
        <TextField path="module.title" label="Title" value={module.title} onChange={(title) => set({ title })} testId="module-title" />
      </div>
      <TextField
        path="module.summary"
        label="Summary"
        value={module.summary}
        onChange={(summary) => set({ summary })}
        placeholder="One line shown under the title in Apps"
        testId="module-summary"
      />
      <TextField
        path="module.description"
        label="Description"
        value={module.description}
        onChange={(description) => set({ description })}
        multiline
        testId="module-description"
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          path="module.category"
          label="Category"
          value={module.category}
          suggestions={categories}
          onChange={(category) => set({ category })}
          testId="module-category"
        />
        <SelectField
          path="module.license"
          label="License"
          value={module.license}
          options={licenses}
          onChange={(license) => set({ license: license as ModuleInfo["license"] })}
        />
        <TextField path="module.author" label="Author" value={module.author} onChange={(author) => set({ author })} />
      </div>
      <TagsField
        path="module.depends"
        label="Depends on"
        values={module.depends}
        onChange={(depends) => set({ depends })}
        suggestions={commonDepends}
        placeholder="mail, sale…"
        hint="Enter or comma adds a module; Backspace removes the last one."
        testId="module-depends"
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          path="module.icon.color"
          label="Icon colour"
          value={module.icon.color}
          onChange={(color) => set({ icon: { ...module.icon, color } })}
          mono
        />
        <TextField
          path="module.icon.letter"
          label="Icon letter"
          value={module.icon.letter}
          onChange={(letter) => set({ icon: { ...module.icon, letter: letter.toUpperCase() || undefined } })}
        />
        <div className="sm:mt-6">
          <CheckField
            path="module.application"
            label="Show as an app"
            checked={module.application}
            onChange={(application) => set({ application })}
          />
        </div>
      </div>
    </div>
  );
}
