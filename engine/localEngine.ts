import { HostRpcError, Props, ProviderHost } from "./providerHost";
import type { Registration } from "./runProgram";

/** One resource in the stack's state: what Pulumi's checkpoint keeps for it. */
export interface ResourceState {
    urn: string;
    type: string;
    name: string;
    id: string;
    inputs: Props;
    outputs: Props;
}

/** One property that a step changes, as the CLI shows it (`old => new`). */
export interface PropertyChange {
    key: string;
    old?: unknown;
    new?: unknown;
}

/** What the engine did (or, in a preview, would do) with one resource. */
export interface Step {
    op: "create" | "update" | "replace" | "same" | "delete" | "refresh" | "remove";
    urn: string;
    name: string;
    changes: PropertyChange[];
    /** The error the CLI would print for this resource. */
    error?: string;
}

const PROVIDER_KEY = "__provider";

/** Property-level differences between two bags, `__provider` left out (as the CLI hides it). */
export function propertyChanges(olds: Props, news: Props): PropertyChange[] {
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== PROVIDER_KEY);
    return keys
        .filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]))
        .map((key) => ({ key, ...(key in olds ? { old: olds[key] } : {}), ...(key in news ? { new: news[key] } : {}) }));
}

/** Runs `work` on every item with at most `parallel` in flight (Pulumi's --parallel); keeps order. */
async function inParallel<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    });
    await Promise.all(workers);
    return results;
}

/**
 * The part of the Pulumi engine that deals with a dynamic provider, for running a program's life
 * cycle where the Pulumi CLI cannot be installed: it keeps the stack's state and calls the
 * provider host as the engine does, in the same order and with the same arguments:
 * - preview: Check (old inputs, new inputs), then Diff (id, old outputs, checked inputs);
 * - up: the same, then Create, Update, or Create-then-Delete for a replacement, and Delete for
 *   resources no longer in the program; a failed step leaves that resource's state as it was,
 *   except a create failing with a partial resource, which is recorded as the engine does;
 * - refresh: Read (id, outputs, inputs), taking returned inputs; an empty id removes the resource;
 * - destroy: Delete each resource.
 */
export class LocalEngine {
    readonly state = new Map<string, ResourceState>();

    constructor(
        readonly host: ProviderHost,
        /** Steps run at once, like `pulumi up --parallel`. Pulumi's default is unbounded. */
        readonly parallel = Number.POSITIVE_INFINITY,
    ) {}

    /** What `pulumi preview` shows for the program's registrations. Sends no write. */
    async preview(registrations: readonly Registration[]): Promise<Step[]> {
        return this.plan(registrations, false);
    }

    /** What `pulumi up` does for the program's registrations. */
    async up(registrations: readonly Registration[]): Promise<Step[]> {
        return this.plan(registrations, true);
    }

    /** What `pulumi refresh` does. */
    async refresh(): Promise<Step[]> {
        return inParallel([...this.state.values()], this.parallel, async (resource): Promise<Step> => {
            try {
                const read = await this.host.read(resource.urn, resource.id, resource.outputs, resource.inputs);
                if (!read.id) {
                    this.state.delete(resource.urn);
                    return { op: "remove", urn: resource.urn, name: resource.name, changes: [] };
                }
                const changes = propertyChanges(resource.outputs, read.properties);
                this.state.set(resource.urn, {
                    ...resource,
                    id: read.id,
                    outputs: read.properties,
                    inputs: read.inputs ? { ...read.inputs } : resource.inputs,
                });
                return { op: changes.length ? "refresh" : "same", urn: resource.urn, name: resource.name, changes };
            } catch (error) {
                return { op: "refresh", urn: resource.urn, name: resource.name, changes: [], error: (error as Error).message };
            }
        });
    }

    /** What `pulumi destroy` does. */
    async destroy(): Promise<Step[]> {
        return inParallel([...this.state.values()], this.parallel, (resource) => this.deleteStep(resource, "delete"));
    }

    /** The state as a checkpoint would hold it. */
    snapshot(): ResourceState[] {
        return [...this.state.values()].map((r) => JSON.parse(JSON.stringify(r)) as ResourceState);
    }

    /** Replaces the state with a saved snapshot. */
    restore(snapshot: readonly ResourceState[]): void {
        this.state.clear();
        snapshot.forEach((r) => this.state.set(r.urn, JSON.parse(JSON.stringify(r)) as ResourceState));
    }

    private async plan(registrations: readonly Registration[], apply: boolean): Promise<Step[]> {
        const wanted = new Set(registrations.map((r) => r.urn));
        const steps = await inParallel(registrations, this.parallel, (registration) => this.step(registration, apply));
        const gone = [...this.state.values()].filter((r) => !wanted.has(r.urn));
        const deletes = apply
            ? await inParallel(gone, this.parallel, (resource) => this.deleteStep(resource, "delete"))
            : gone.map((r): Step => ({ op: "delete", urn: r.urn, name: r.name, changes: [] }));
        return [...steps, ...deletes];
    }

    private async step(registration: Registration, apply: boolean): Promise<Step> {
        const { urn, name } = registration;
        const prior = this.state.get(urn);
        const base = { urn, name };
        let inputs: Props;
        try {
            const checked = await this.host.check(urn, prior?.inputs ?? {}, registration.inputs);
            if (checked.failures.length) {
                // As the CLI: "property 'p' … has a problem: reason", or "… has a problem: reason" without a property.
                const error = checked.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("\n");
                return { ...base, op: prior ? "update" : "create", changes: [], error };
            }
            inputs = checked.inputs;
        } catch (error) {
            return { ...base, op: prior ? "update" : "create", changes: [], error: (error as Error).message };
        }
        if (!prior) {
            const step: Step = { ...base, op: "create", changes: propertyChanges({}, inputs) };
            return apply ? this.apply(step, () => this.create(registration, inputs)) : step;
        }
        let diff: Awaited<ReturnType<ProviderHost["diff"]>>;
        try {
            diff = await this.host.diff(urn, prior.id, prior.outputs, inputs);
        } catch (error) {
            return { ...base, op: "update", changes: [], error: (error as Error).message };
        }
        const changes = propertyChanges(prior.inputs, inputs);
        if (diff.replaces.length) {
            const step: Step = { ...base, op: "replace", changes };
            return apply
                ? this.apply(step, async () => {
                      await this.create(registration, inputs);
                      await this.host.delete(urn, prior.id, prior.outputs);
                  })
                : step;
        }
        if (diff.changes === "none") {
            // A same step still records the new inputs (a new __provider, for one).
            if (apply) {
                this.state.set(urn, { ...prior, inputs });
            }
            return { ...base, op: "same", changes: [] };
        }
        const step: Step = { ...base, op: "update", changes };
        return apply
            ? this.apply(step, async () => {
                  const updated = await this.host.update(urn, prior.id, prior.outputs, inputs);
                  this.state.set(urn, { ...prior, inputs, outputs: updated.properties });
              })
            : step;
    }

    private async create(registration: Registration, inputs: Props): Promise<void> {
        const { urn, name, type } = registration;
        try {
            const created = await this.host.create(urn, inputs);
            this.state.set(urn, { urn, type, name, id: created.id, inputs, outputs: created.properties });
        } catch (error) {
            if (error instanceof HostRpcError && error.partial) {
                this.state.set(urn, { urn, type, name, id: error.partial.id, inputs, outputs: error.partial.properties });
            }
            throw error;
        }
    }

    private async apply(step: Step, work: () => Promise<void>): Promise<Step> {
        try {
            await work();
            return step;
        } catch (error) {
            return { ...step, error: (error as Error).message };
        }
    }

    private async deleteStep(resource: ResourceState, op: "delete"): Promise<Step> {
        try {
            await this.host.delete(resource.urn, resource.id, resource.outputs);
            this.state.delete(resource.urn);
            return { op, urn: resource.urn, name: resource.name, changes: [] };
        } catch (error) {
            return { op, urn: resource.urn, name: resource.name, changes: [], error: (error as Error).message };
        }
    }
}
