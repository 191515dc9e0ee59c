import * as fs from "node:fs";
import type crossFetch from "cross-fetch";
import type { OidcAssertionSource } from "./credentials";

/**
 * The audience Microsoft Entra expects in a federated token from GitHub Actions (the default
 * audience of a federated credential). The token request asks for it, as `azure/login` and the
 * Pulumi Azure providers do.
 */
export const AZURE_AD_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** Longest wait for the ID token endpoint (GitHub Actions) to answer. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The federated token could not be obtained; the message names the source, never a token. */
export class FederatedTokenError extends Error {
    override readonly name = "FederatedTokenError";
}

/**
 * The federated OIDC token for one sign-in, from `source`: the token as configured, the file's
 * current content (re-read every time: Kubernetes rotates it), or a fresh token requested from
 * the ID token endpoint with audience {@link AZURE_AD_TOKEN_EXCHANGE_AUDIENCE} and the request
 * token as bearer (GitHub Actions answers `{"value": "<jwt>"}`).
 *
 * @throws FederatedTokenError when there is no token to present; its message holds no secret.
 */
export async function readFederatedToken(source: OidcAssertionSource): Promise<string> {
    switch (source.from) {
        case "token":
            return source.token;
        case "file": {
            let text: string;
            try {
                text = await fs.promises.readFile(source.path, "utf8");
            } catch (error) {
                throw new FederatedTokenError(
                    `the federated token file ${source.path} could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
                );
            }
            const token = text.trim();
            if (!token) {
                throw new FederatedTokenError(`the federated token file ${source.path} is empty`);
            }
            return token;
        }
        case "request":
            return requestFederatedToken(source.url, source.requestToken);
    }
}

async function requestFederatedToken(requestUrl: string, requestToken: string): Promise<string> {
    const url = new URL(requestUrl);
    url.searchParams.set("audience", AZURE_AD_TOKEN_EXCHANGE_AUDIENCE);
    const where = `${url.origin}${url.pathname}`; // the query is left out of messages
    let status: number;
    let text: string;
    try {
        // Required here, not at import: the provider host loads this module for every deployment, and only GitHub Actions' OIDC sign-in sends this request.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fetch = require("cross-fetch") as typeof crossFetch;
        const response = await fetch(url.toString(), {
            method: "GET",
            headers: { Authorization: `Bearer ${requestToken}`, Accept: "application/json; api-version=2.0" },
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        text = await response.text();
    } catch (error) {
        throw new FederatedTokenError(`the OIDC token request to ${where} failed: ${(error as Error).message}`);
    }
    if (status < 200 || status >= 300) {
        throw new FederatedTokenError(
            `the OIDC token request to ${where} answered ${status}; check intune:oidcRequestToken (ACTIONS_ID_TOKEN_REQUEST_TOKEN), ` +
                `and in GitHub Actions that the job has \`permissions: id-token: write\``,
        );
    }
    let value: unknown;
    try {
        value = (JSON.parse(text) as { value?: unknown }).value;
    } catch {
        value = undefined;
    }
    if (typeof value !== "string" || !value) {
        throw new FederatedTokenError(`the OIDC token request to ${where} answered ${status} without a token in "value"`);
    }
    return value;
}
