import { strict as assert } from "node:assert";
import { CredentialSettings, tokenRejectedAdvice } from "../../../provider/auth/credentials";

describe("provider/auth/credentials tokenRejectedAdvice: what to check after a 401 follows the credential in use", () => {
    const app = {
        tenantId: "11111111-2222-4333-8444-555555555555",
        clientId: "66666666-7777-4888-9999-aaaaaaaaaaaa",
        authorityHost: "https://login",
        disableInstanceDiscovery: false,
    };
    const cases: Array<{ credential: CredentialSettings; says: RegExp; never?: RegExp }> = [
        {
            credential: { kind: "accessToken", token: "t" },
            says: /^the token of intune:accessToken \(or INTUNE_ACCESS_TOKEN\) is sent as it is and never renewed: get a new one/,
            never: /tenantId|clientId/,
        },
        {
            credential: { kind: "clientSecret", clientSecret: "s", ...app },
            says: /^it was issued by ClientSecretCredential for tenant 1111.*, client 6666.* \(and renewed once\): check intune:tenantId, intune:clientId and intune:cloud/,
        },
        { credential: { kind: "clientCertificate", certificatePath: "/p.pem", ...app }, says: /^it was issued by ClientCertificateCredential for tenant 1111/ },
        {
            credential: { kind: "oidc", assertion: { from: "file", path: "/t" }, ...app },
            says: /^it was issued by ClientAssertionCredential \(federated token from intune:oidcTokenFilePath\) for tenant 1111/,
        },
        {
            credential: { kind: "default", authorityHost: "https://login", disableInstanceDiscovery: false },
            says: /^it was issued by DefaultAzureCredential .* to the first identity it found .*: check which one that is and its tenant/,
        },
    ];
    for (const c of cases) {
        it(c.credential.kind, () => {
            const advice = tokenRejectedAdvice(c.credential);
            assert.match(advice, c.says);
            if (c.never) {
                assert.doesNotMatch(advice, c.never);
            }
        });
    }
});
