"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/projects/format";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";

export function LiveSandboxes() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useQuery({ ...trpc.sandbox.live.queryOptions(), refetchInterval: 30_000 });
  const kill = useMutation(
    trpc.sandbox.kill.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.sandbox.live.queryKey() }),
      onError: (error) => toast({ title: "Could not kill the sandbox", description: messageOf(error), variant: "destructive" }),
    }),
  );
  return (
    <Card data-testid="live-sandboxes">
      <CardHeader>
        <CardTitle>Live sandboxes</CardTitle>
        <CardDescription>Every sandbox not destroyed yet. The reaper removes expired ones every minute.</CardDescription>
      </CardHeader>
      <CardContent>
        {live.isPending ? (
          <p className="text-muted-foreground text-sm">Loading…</p>
        ) : live.isError ? (
          <p className="text-destructive text-sm">{live.error.message}</p>
        ) : live.data.length === 0 ? (
          <p className="text-muted-foreground text-sm">No sandbox is running.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Module</TableHead>
                <TableHead>Owner</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Provider</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {live.data.map(({ sandbox, moduleName, ownerEmail }) => (
                <TableRow key={sandbox.id}>
                  <TableCell className="font-mono text-xs">
                    {moduleName ?? "—"} · Odoo {sandbox.odooVersion}
                  </TableCell>
                  <TableCell>{ownerEmail ?? "—"}</TableCell>
                  <TableCell>
                    <Badge variant={sandbox.status === "serving" ? "success" : "secondary"}>{sandbox.status}</Badge>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{sandbox.provider}:{sandbox.externalId ?? "…"}</TableCell>
                  <TableCell>{formatDateTime(sandbox.expiresAt)}</TableCell>
                  <TableCell className="text-right">
                    <Button size="sm" variant="outline" loading={kill.isPending && kill.variables?.sandboxId === sandbox.id} onClick={() => kill.mutate({ sandboxId: sandbox.id })}>
                      Kill
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
