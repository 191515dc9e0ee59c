import type { CredentialSettings, OidcAssertionSource } from "../auth/credentials";
import type { KeyReading, KeyReadings } from "./configKeys";

/**
 * Which credential the keys choose, in this order: `intune:accessToken`; a client secret; a
 * client certificate; OIDC (`intune:useOidc` true, or unset with a federated token or token file
 * given); else DefaultAzureCredential. The problems of the keys the chosen credential uses
 * (`checked: "whenUsed"` in the table) and of what it lacks are pushed to `problems`.
 */
export function chooseCredential(
    keys: KeyReadings,
    authority: { authorityHost: string; disableInstanceDiscovery: boolean },
    problems: string[],
): CredentialSettings {
    /** Reports the problem of a `whenUsed` key the chosen credential uses (the `always` ones are reported with every key). */
    const used = (reading: KeyReading<unknown>): void => {
        if (reading.problem !== undefined) {
            problems.push(reading.problem);
        }
    };
    const tenantId = keys.tenantId.value;
    const clientId = keys.clientId.value;
    const app = { tenantId: tenantId ?? "", clientId: clientId ?? "", ...authority };
    const needsApp = (what: string): void => {
        const missing = [
            tenantId === undefined && "intune:tenantId (or AZURE_TENANT_ID)",
            clientId === undefined && "intune:clientId (or AZURE_CLIENT_ID)",
        ].filter(Boolean);
        if (missing.length) {
            problems.push(`${what} is set, so ${missing.join(" and ")} must be set too.`);
        }
    };

    const { accessToken, clientSecret, clientCertificatePath, useOidc, oidcToken, oidcTokenFilePath } = keys;
    if (accessToken.value !== undefined) {
        // Its problem is reported with the other keys' (`checked: "always"`): a token given is always the one used.
        return { kind: "accessToken", token: accessToken.value };
    }
    if (clientSecret.value !== undefined) {
        needsApp(clientSecret.origin);
        return { kind: "clientSecret", ...app, clientSecret: clientSecret.value };
    }
    if (clientCertificatePath.value !== undefined) {
        needsApp(clientCertificatePath.origin);
        used(clientCertificatePath);
        return { kind: "clientCertificate", ...app, certificatePath: clientCertificatePath.value, certificatePassword: keys.clientCertificatePassword.value };
    }
    if (useOidc.value === true || (useOidc.value === undefined && (oidcToken.value !== undefined || oidcTokenFilePath.value !== undefined))) {
        needsApp(useOidc.value ? `${useOidc.origin} = true` : oidcToken.value !== undefined ? oidcToken.origin : oidcTokenFilePath.origin);
        return { kind: "oidc", ...app, assertion: oidcAssertion(keys, used, problems) ?? { from: "token", token: "" } };
    }
    return { kind: "default", tenantId, clientId, ...authority };
}

/** Where the federated token comes from, in the order they are preferred; undefined (and a problem) when nothing gives one. */
function oidcAssertion(keys: KeyReadings, used: (reading: KeyReading<unknown>) => void, problems: string[]): OidcAssertionSource | undefined {
    const { useOidc, oidcToken, oidcTokenFilePath, oidcRequestUrl, oidcRequestToken } = keys;
    if (oidcToken.value !== undefined) {
        used(oidcToken);
        return { from: "token", token: oidcToken.value };
    }
    if (oidcTokenFilePath.value !== undefined) {
        used(oidcTokenFilePath);
        return { from: "file", path: oidcTokenFilePath.value };
    }
    if (oidcRequestUrl.text !== undefined || oidcRequestToken.value !== undefined) {
        if (oidcRequestUrl.text === undefined) {
            problems.push(
                `${oidcRequestToken.origin} is set, so intune:oidcRequestUrl (or ARM_OIDC_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_URL) must be set too.`,
            );
        }
        used(oidcRequestUrl);
        if (oidcRequestToken.value === undefined) {
            problems.push(
                `${oidcRequestUrl.origin} is set, so intune:oidcRequestToken (or ARM_OIDC_REQUEST_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN) must be set too.`,
            );
        }
        return { from: "request", url: oidcRequestUrl.value ?? "", requestToken: oidcRequestToken.value ?? "" };
    }
    problems.push(
        `${useOidc.origin} is true, but no federated token is available: set intune:oidcToken (or ARM_OIDC_TOKEN), ` +
            `intune:oidcTokenFilePath (or ARM_OIDC_TOKEN_FILE_PATH), or intune:oidcRequestUrl with intune:oidcRequestToken. ` +
            `In GitHub Actions, give the job \`permissions: id-token: write\`: GitHub then sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN.`,
    );
    return undefined;
}
