import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/projects/format";
import { LiveSandboxes } from "./live-sandboxes";
import { PipelineJobs } from "./pipeline-jobs";
import type { getAdminOverview } from "@/server/services/admin/overview";

type Overview = Awaited<ReturnType<typeof getAdminOverview>>;

export function AdminOverview({ overview }: { overview: Overview }) {
  const stats = [
    { label: "Users", value: overview.users },
    { label: "Admins", value: overview.admins },
    { label: "Live projects", value: overview.projects },
  ];
  return (
    <div className="grid gap-6" data-testid="admin-console">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Admin console</h1>
        <p className="text-muted-foreground text-sm">Users, pipeline runs, sandboxes and the audit trail.</p>
        <nav aria-label="Admin pages" className="mt-2 flex gap-4 text-sm">
          <Link href="/admin/jobs" className="text-primary hover:underline" data-testid="admin-link-jobs">
            Pipeline runs
          </Link>
          <Link href="/admin/ai" className="text-primary hover:underline" data-testid="admin-link-ai">
            AI usage
          </Link>
        </nav>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <Card key={stat.label}>
            <CardHeader>
              <CardDescription>{stat.label}</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{stat.value}</CardTitle>
            </CardHeader>
          </Card>
        ))}
      </div>
      <PipelineJobs />
      <LiveSandboxes />
      <Card>
        <CardHeader>
          <CardTitle>Newest users</CardTitle>
        </CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Joined</TableHead>
                <TableHead>Last sign-in</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {overview.recentUsers.map((user) => (
                <TableRow key={user.id}>
                  <TableCell>{user.email}</TableCell>
                  <TableCell>
                    <Badge variant={user.role === "admin" ? "default" : "outline"}>{user.role}</Badge>
                  </TableCell>
                  <TableCell>{formatDateTime(user.createdAt)}</TableCell>
                  <TableCell>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Audit log</CardTitle>
          <CardDescription>The latest 30 events.</CardDescription>
        </CardHeader>
        <CardContent>
          {overview.recentAudit.length === 0 ? (
            <p className="text-muted-foreground text-sm">Nothing recorded yet.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Action</TableHead>
                  <TableHead>Actor</TableHead>
                  <TableHead>Target</TableHead>
                  <TableHead>IP</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.recentAudit.map((entry) => (
                  <TableRow key={entry.id}>
                    <TableCell className="whitespace-nowrap">{formatDateTime(entry.createdAt)}</TableCell>
                    <TableCell className="font-mono text-xs">{entry.action}</TableCell>
                    <TableCell>{entry.actorEmail ?? "—"}</TableCell>
                    <TableCell className="font-mono text-xs">
                      {entry.targetType ? `${entry.targetType}:${entry.targetId?.slice(0, 8) ?? ""}` : "—"}
                    </TableCell>
                    <TableCell className="font-mono text-xs">{entry.ip ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
