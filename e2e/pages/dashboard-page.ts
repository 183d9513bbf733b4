import { type Locator, type Page, expect } from "@playwright/test";

/** /dashboard: the project list or its empty state. */
export class DashboardPage {
  readonly heading: Locator;
  readonly emptyState: Locator;
  readonly projectList: Locator;
  readonly projectCards: Locator;
  readonly newProjectButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Projects" });
    this.emptyState = page.getByTestId("projects-empty");
    this.projectList = page.getByTestId("project-list");
    this.projectCards = page.getByTestId("project-card");
    this.newProjectButton = page.getByTestId("new-project");
  }

  async goto(): Promise<void> {
    await this.page.goto("/dashboard");
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/dashboard$/);
    await expect(this.heading).toBeVisible();
    // Either the list or the empty state, never the loading skeleton.
    await expect(this.emptyState.or(this.projectList)).toBeVisible();
  }

  card(title: string): Locator {
    return this.projectCards.filter({ has: this.page.getByText(title, { exact: true }) });
  }

  async expectEmpty(): Promise<void> {
    await expect(this.emptyState).toBeVisible();
    await expect(this.emptyState).toContainText("No projects yet");
    await expect(this.projectCards).toHaveCount(0);
  }

  async startNewProject(): Promise<void> {
    await this.newProjectButton.click();
    await expect(this.page).toHaveURL(/\/projects\/new$/);
  }

  async openProject(title: string): Promise<void> {
    await this.card(title).click();
    await expect(this.page).toHaveURL(/\/projects\/[^/]+$/);
  }
}
