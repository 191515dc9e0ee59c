/**
 * The credentials this package signs in with, as configuration chooses them (`../config/`), and
 * how messages name each one.
 */
/** How to obtain tokens: a fixed token, or the @azure/identity credential that signs in, with what it needs. */
export type CredentialSettings =
    | { kind: "accessToken"; token: string }
    | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string; authorityHost: string; disableInstanceDiscovery: boolean }
    | {
          kind: "clientCertificate";
          tenantId: string;
          clientId: string;
          certificatePath: string;
          certificatePassword?: string;
          authorityHost: string;
          disableInstanceDiscovery: boolean;
      }
    | {
          kind: "oidc";
          tenantId: string;
          clientId: string;
          /** Where each sign-in gets the federated token it presents as the client assertion. */
          assertion: OidcAssertionSource;
          authorityHost: string;
          disableInstanceDiscovery: boolean;
      }
    | { kind: "default"; tenantId?: string; clientId?: string; authorityHost: string; disableInstanceDiscovery: boolean };

/**
 * Where a federated OIDC token comes from, in the order they are preferred: the token itself
 * (`intune:oidcToken`), a file holding it (`intune:oidcTokenFilePath`), or a request to an ID token
 * endpoint such as GitHub Actions' (`intune:oidcRequestUrl` with `intune:oidcRequestToken`).
 */
export type OidcAssertionSource = { from: "token"; token: string } | { from: "file"; path: string } | { from: "request"; url: string; requestToken: string };

/** The setting that gives each source of a federated token, for messages. */
const OIDC_SOURCE_NAMES = { token: "intune:oidcToken", file: "intune:oidcTokenFilePath", request: "intune:oidcRequestUrl" } as const;

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
