import type { TokenCredential } from "@azure/identity";
import { CredentialTokenSource, StaticTokenSource, TokenSource } from "./graph/tokenSource";
import { readFederatedToken } from "./oidc";
import type { Redactor } from "./redaction";
import type { CredentialSettings } from "./settings";

/** Name of the @azure/identity credential the settings select, for messages. */
export function credentialName(credential: CredentialSettings): string {
    switch (credential.kind) {
        case "accessToken":
            return "intune:accessToken";
        case "clientSecret":
            return "ClientSecretCredential";
        case "clientCertificate":
            return "ClientCertificateCredential";
        case "oidc":
            return `ClientAssertionCredential (federated token from ${OIDC_SOURCE_NAMES[credential.assertion.from]})`;
        case "default":
            return "DefaultAzureCredential";
    }
}

/**
 * What to check when Graph rejects a token of `credential` (401): for a fixed token the token
 * itself; for a credential that signed in, the tenant, client and cloud it signed in for.
 */
export function tokenRejectedAdvice(credential: CredentialSettings): string {
    switch (credential.kind) {
        case "accessToken":
            return (
                "the token of intune:accessToken (or INTUNE_ACCESS_TOKEN) is sent as it is and never renewed: " +
                "get a new one for Microsoft Graph of the configured intune:cloud, and check that it has not expired"
            );
        case "default":
            return (
                "it was issued by DefaultAzureCredential (and renewed once) to the first identity it found (environment, " +
                "workload or managed identity, Azure CLI, …): check which one that is and its tenant (`az account show`), or " +
                "choose the app with intune:tenantId, intune:clientId and a credential (intune:clientSecret, " +
                "intune:clientCertificatePath or intune:useOidc)"
            );
        default:
            return (
                `it was issued by ${credentialName(credential)} for tenant ${credential.tenantId}, client ${credential.clientId} ` +
                `(and renewed once): check intune:tenantId, intune:clientId and intune:cloud (the token must be for ` +
                `Microsoft Graph of that cloud)`
            );
    }
}

const OIDC_SOURCE_NAMES = { token: "intune:oidcToken", file: "intune:oidcTokenFilePath", request: "intune:oidcRequestUrl" } as const;

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
