import { type Locator, type Page, expect } from "@playwright/test";

/** /projects/[id]: the project's details, with edit and delete. */
export class ProjectPage {
  readonly title: Locator;
  readonly moduleName: Locator;
  readonly description: Locator;
  readonly odooVersion: Locator;
  readonly status: Locator;
  readonly editButton: Locator;
  readonly deleteButton: Locator;
  readonly confirmDelete: Locator;
  readonly backToProjects: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("project-title");
    this.moduleName = page.getByTestId("project-module");
    this.description = page.getByTestId("project-description");
    this.odooVersion = page.getByTestId("project-version");
    this.status = page.getByTestId("project-status").first();
    this.editButton = page.getByTestId("edit-project");
    this.deleteButton = page.getByTestId("delete-project");
    this.confirmDelete = page.getByTestId("confirm-delete");
    this.backToProjects = page.getByRole("link", { name: "← Projects" });
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/projects/${id}`);
    await expect(this.title).toBeVisible();
  }

  /** A value of the Settings card ("Odoo", "Depends", "Tests", "Created"). */
  setting(label: string): Locator {
    return this.page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  }

  async edit(): Promise<void> {
    await this.editButton.click();
    await expect(this.page).toHaveURL(/\/projects\/[^/]+\/edit$/);
  }

  /** Deletes through the confirmation dialog; the app returns to the dashboard. */
  async delete(title: string): Promise<void> {
    await this.deleteButton.click();
    const dialog = this.page.getByRole("dialog", { name: `Delete “${title}”?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("This cannot be undone");
    await dialog.getByTestId("confirm-delete").click();
    await expect(dialog).toBeHidden();
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }
}
