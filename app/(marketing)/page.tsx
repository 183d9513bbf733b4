import { CheckCircle2, FileText, FlaskConical, MonitorPlay, Package, Sparkles } from "lucide-react";
import Link from "next/link";
import { SiteHeader } from "@/components/layout/site-header";
import { Button } from "@/components/ui/button";
import { getCurrentUser } from "@/server/auth/session";

const steps = [
  { icon: FileText, title: "Describe it", body: "Name the module, pick Odoo 16, 17, 18 or 19 and say in plain words what it must do." },
  { icon: Sparkles, title: "Review the spec", body: "A specification and a structured blueprint — models, fields, views, menus, security — that you edit and approve." },
  { icon: Package, title: "Built and versioned", body: "A compiler turns the blueprint into a correct addon for your version; every build is validated, zipped and kept." },
  { icon: FlaskConical, title: "Tested in real Odoo", body: "A sandbox installs it, runs its Python and UI tests, and fixes failures automatically (up to five attempts)." },
  { icon: MonitorPlay, title: "Try it live", body: "Click through your module in a live Odoo for an hour, ask for adjustments, and only then decide." },
  { icon: CheckCircle2, title: "Pay and download", body: "A fair price from the module's measured complexity, $50–$100, explained line by line." },
];

export default async function LandingPage() {
  const user = await getCurrentUser();
  return (
    <>
      <SiteHeader user={user} />
      <main>
        <section className="mx-auto max-w-6xl px-4 pt-20 pb-16 text-center">
          <p className="text-primary mb-4 text-sm font-semibold tracking-wide uppercase">For Odoo users, partners and consultants</p>
          <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl">
            Describe the Odoo module you need. Try it live before you pay.
          </h1>
          <p className="text-muted-foreground mx-auto mt-6 max-w-2xl text-lg text-pretty">
            Odoo Module Builder turns a plain-language description into a module that installs, passes its
            tests and runs in a real Odoo — for versions 16, 17, 18 and 19.
          </p>
          <div className="mt-8 flex justify-center gap-3">
            {user ? (
              <Button asChild size="lg">
                <Link href="/dashboard">Go to your projects</Link>
              </Button>
            ) : (
              <>
                <Button asChild size="lg">
                  <Link href="/register">Start a module</Link>
                </Button>
                <Button asChild size="lg" variant="outline">
                  <Link href="/login">Sign in</Link>
                </Button>
              </>
            )}
          </div>
        </section>
        <section aria-labelledby="how" className="bg-muted/50 border-y">
          <div className="mx-auto max-w-6xl px-4 py-16">
            <h2 id="how" className="text-center text-2xl font-semibold tracking-tight">How it works</h2>
            <ol className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
              {steps.map((step, index) => (
                <li key={step.title} className="bg-card rounded-xl border p-6 shadow-xs">
                  <div className="flex items-center gap-3">
                    <span className="bg-primary/10 text-primary grid size-9 place-items-center rounded-lg">
                      <step.icon className="size-5" aria-hidden="true" />
                    </span>
                    <h3 className="font-semibold">
                      <span className="text-muted-foreground mr-1">{index + 1}.</span>
                      {step.title}
                    </h3>
                  </div>
                  <p className="text-muted-foreground mt-3 text-sm leading-relaxed">{step.body}</p>
                </li>
              ))}
            </ol>
          </div>
        </section>
        <footer className="text-muted-foreground mx-auto max-w-6xl px-4 py-10 text-center text-sm">
          Odoo is a trademark of Odoo S.A. This service is not affiliated with Odoo S.A.
        </footer>
      </main>
    </>
  );
}
