/* eslint-disable @typescript-eslint/no-require-imports -- the require, by package name, at run time inside the host, is the point of this file */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The provider object handed to `pulumi.dynamic.Resource`, which serializes it into the
 * `__provider` property of every resource's state. It is kept to a forwarder that captures
 * nothing: each method requires the installed package by name at run time, inside the provider
 * host, and calls the implementation there. So state holds about 2 KB of code per resource, no
 * credential or setting, and a newer installed version serves stacks written by an older one.
 *
 * The host resolves the `require` from the Pulumi program's folder, where the package is
 * installed. Do not reference anything outside these functions: the serializer would copy it
 * into state.
 */
export const serializedProvider: dynamic.ResourceProvider = {
    // Short parameter names: this text is stored twice per resource in state.
    configure: (r) => require("pulumi-intune-install-summary/dynamic-provider").configure(r),
    check: (o, n) => require("pulumi-intune-install-summary/dynamic-provider").check(o, n),
    diff: (i, o, n) => require("pulumi-intune-install-summary/dynamic-provider").diff(i, o, n),
    create: (n) => require("pulumi-intune-install-summary/dynamic-provider").create(n),
    read: (i, p) => require("pulumi-intune-install-summary/dynamic-provider").read(i, p),
    update: (i, o, n) => require("pulumi-intune-install-summary/dynamic-provider").update(i, o, n),
    delete: (i, p) => require("pulumi-intune-install-summary/dynamic-provider").delete(i, p),
};
