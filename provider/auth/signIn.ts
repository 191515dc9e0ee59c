/**
 * Sign-in: the token source of a credential's settings, over one shared @azure/identity credential,
 * and the message a failed sign-in gives.
 */
import type { TokenCredential } from "@azure/identity";
import type { Redactor } from "../log/redaction";
import { CredentialSettings, credentialName } from "./credentials";
import { readFederatedToken } from "./oidc";
import { CredentialTokenSource, StaticTokenSource, TokenSource } from "./tokenSource";

/**
 * Builds the credential. `@azure/identity` is required here, at the first token request, not at
 * import: with `intune:accessToken` it is never loaded.
 */
function createCredential(credential: Exclude<CredentialSettings, { kind: "accessToken" }>, redactor: Redactor): TokenCredential {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const identity = require("@azure/identity") as typeof import("@azure/identity");
    const common = { authorityHost: credential.authorityHost, disableInstanceDiscovery: credential.disableInstanceDiscovery };
    switch (credential.kind) {
        case "clientSecret":
            return new identity.ClientSecretCredential(credential.tenantId, credential.clientId, credential.clientSecret, common);
        case "clientCertificate":
            return new identity.ClientCertificateCredential(
                credential.tenantId,
                credential.clientId,
                { certificatePath: credential.certificatePath, certificatePassword: credential.certificatePassword },
                common,
            );
        case "oidc":
            return new identity.ClientAssertionCredential(
                credential.tenantId,
                credential.clientId,
                async () => {
                    const token = await readFederatedToken(credential.assertion);
                    redactor.learn(token); // read from a file or requested: not among the configured secrets
                    return token;
                },
                common,
            );
        case "default":
            return new identity.DefaultAzureCredential({
                ...common,
                tenantId: credential.tenantId,
                managedIdentityClientId: credential.clientId,
                workloadIdentityClientId: credential.clientId,
            });
    }
}

/** A sign-in failure: names tenant, client, credential and the AADSTS code; never a secret. */
export class SignInError extends Error {
    override readonly name = "SignInError";
}

function describeSignInFailure(credential: Exclude<CredentialSettings, { kind: "accessToken" }>, redactor: Redactor, error: unknown): Error {
    // The first line only (Entra adds trace and correlation ids on CRLF-separated lines), without its trailing period.
    const detail = redactor
        .text(error instanceof Error ? error.message : String(error))
        .split(/\r?\n|\r/)[0]
        .slice(0, 600)
        .replace(/[\s.]+$/, "");
    const aadsts = /AADSTS\d+/.exec(detail)?.[0];
    const tenant = credential.tenantId || "(not set)";
    const client = credential.clientId || "(not set)";
    return new SignInError(
        `Sign-in failed for tenant ${tenant}, client ${client} with ${credentialName(credential)}` +
            `${aadsts ? ` (${aadsts})` : ""}: ${detail}.` +
            (credential.kind === "default"
                ? " Set intune:clientSecret or intune:clientCertificatePath, or intune:useOidc with a federated token, or sign in with `az login`, or provide a managed or workload identity."
                : credential.kind === "clientCertificate"
                  ? " Check intune:clientCertificatePath (a PEM file with the certificate and its private key) and intune:clientCertificatePassword."
                  : credential.kind === "oidc" && aadsts
                    ? " Check the federated credential of the app registration: its issuer, subject and audience must match the token" +
                      " (GitHub Actions: issuer https://token.actions.githubusercontent.com, audience api://AzureADTokenExchange)."
                    : ""),
    );
}

/**
 * The token source for the settings: the fixed token, or one shared @azure/identity credential.
 * Every token a credential issues, and every federated token it presents, is learned by `redactor`.
 */
export function createTokenSource(credential: CredentialSettings, scope: string, redactor: Redactor): TokenSource {
    if (credential.kind === "accessToken") {
        return new StaticTokenSource(credential.token);
    }
    return new CredentialTokenSource(
        () => createCredential(credential, redactor),
        scope,
        (error) => describeSignInFailure(credential, redactor, error),
        (token) => redactor.learn(token),
    );
}
