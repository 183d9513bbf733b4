"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, firstErrors } from "@/components/forms/field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/hooks/use-toast";
import { defaultOdooVersion, type OdooVersion, odooVersions } from "@/lib/odoo-versions";
import { useTRPC } from "@/lib/trpc/client";
import { fieldErrorsOf, messageOf } from "@/lib/trpc/errors";
import { createProjectInput } from "@/server/services/projects/schemas";

export interface ProjectFormValues {
  title: string;
  moduleName: string;
  odooVersion: OdooVersion;
  description: string;
  depends: string[];
  quickTest: boolean;
}

/** "Fleet Maintenance (v2)" → "fleet_maintenance_v2": a suggestion while the user has not typed one. */
export function suggestModuleName(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 64);
}

const parseDepends = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter(Boolean);

export function ProjectForm({ project }: { project?: ProjectFormValues & { id: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const editing = Boolean(project);
  const [values, setValues] = useState({
    title: project?.title ?? "",
    moduleName: project?.moduleName ?? "",
    odooVersion: project?.odooVersion ?? defaultOdooVersion,
    description: project?.description ?? "",
    depends: project?.depends.join(", ") ?? "",
    quickTest: project?.quickTest ?? false,
  });
  const [moduleNameTouched, setModuleNameTouched] = useState(editing);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onSaved = async (id: string, message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.project.pathKey() });
    toast({ title: message, variant: "success" });
    router.push(`/projects/${id}`);
    router.refresh();
  };
  const create = useMutation(trpc.project.create.mutationOptions());
  const update = useMutation(trpc.project.update.mutationOptions());
  const pending = create.isPending || update.isPending;

  function set<K extends keyof typeof values>(key: K, value: (typeof values)[K]) {
    setValues((current) => {
      const next = { ...current, [key]: value };
      if (key === "title" && !moduleNameTouched) next.moduleName = suggestModuleName(String(value));
      return next;
    });
    setErrors(({ [key]: _cleared, ...rest }) => rest);
  }

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    const input = { ...values, depends: parseDepends(values.depends) };
    const parsed = createProjectInput.safeParse(input);
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues));
      return;
    }
    try {
      if (project) {
        const saved = await update.mutateAsync({ projectId: project.id, ...parsed.data });
        await onSaved(saved.id, "Project saved");
      } else {
        const saved = await create.mutateAsync(parsed.data);
        await onSaved(saved.id, "Project created");
      }
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(messageOf(error));
    }
  }

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate data-testid="project-form">
        <CardContent className="grid gap-6">
          {formError ? (
            <Alert variant="destructive" data-testid="form-error">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="title" label="Title" hint="How the module is shown in Odoo's Apps list." error={errors.title}>
              {(props) => (
                <Input
                  {...props}
                  value={values.title}
                  onChange={(e) => set("title", e.target.value)}
                  placeholder="Fleet maintenance log"
                  autoFocus={!editing}
                  maxLength={120}
                />
              )}
            </Field>
            <Field
              id="moduleName"
              label="Technical name"
              hint="Lower-case letters, digits and underscores; the addon's folder name."
              error={errors.moduleName}
            >
              {(props) => (
                <Input
                  {...props}
                  value={values.moduleName}
                  onChange={(e) => {
                    setModuleNameTouched(true);
                    set("moduleName", e.target.value);
                  }}
                  placeholder="fleet_maintenance_log"
                  className="font-mono"
                  spellCheck={false}
                  autoCapitalize="off"
                  maxLength={64}
                />
              )}
            </Field>
          </div>
          <div className="grid gap-6 sm:grid-cols-2">
            <Field id="odooVersion" label="Odoo version" error={errors.odooVersion}>
              {(props) => (
                <Select value={values.odooVersion} onValueChange={(v) => set("odooVersion", v as OdooVersion)}>
                  <SelectTrigger {...props} className="w-full" data-testid="odoo-version">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {odooVersions.map((version) => (
                      <SelectItem key={version} value={version}>
                        Odoo {version}.0
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </Field>
            <Field
              id="depends"
              label="Depends on (optional)"
              hint="Modules it builds on, comma-separated: sale, hr, mail…"
              error={errors.depends}
            >
              {(props) => (
                <Input
                  {...props}
                  value={values.depends}
                  onChange={(e) => set("depends", e.target.value)}
                  placeholder="fleet, mail"
                  className="font-mono"
                  spellCheck={false}
                  autoCapitalize="off"
                />
              )}
            </Field>
          </div>
          <Field
            id="description"
            label="What should the module do?"
            hint="Who uses it, what they record, what happens next. Plain words are fine."
            error={errors.description}
          >
            {(props) => (
              <Textarea
                {...props}
                value={values.description}
                onChange={(e) => set("description", e.target.value)}
                rows={8}
                // The Textarea grows with its content (field-sizing), which ignores `rows`: keep ~8 lines.
                className="min-h-44"
                placeholder="Our fleet manager records each maintenance intervention on a vehicle: date, garage, cost, odometer…"
              />
            )}
          </Field>
          <div className="flex items-start gap-3 rounded-lg border p-4">
            <Switch
              id="quickTest"
              checked={values.quickTest}
              onCheckedChange={(checked) => set("quickTest", checked)}
              aria-describedby="quickTest-hint"
            />
            <div className="grid gap-1">
              <Label htmlFor="quickTest">Quick test</Label>
              <p id="quickTest-hint" className="text-muted-foreground text-xs">
                Run only the happy-path tests in the sandbox: faster feedback, less coverage.
              </p>
            </div>
          </div>
        </CardContent>
        <CardFooter className="mt-6 justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => router.back()} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} data-testid="save-project">
            {editing ? "Save changes" : "Create project"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
