/** The fixed runner token e2e runs start `npm start` with (WORKBOOK_TOKEN); not a secret. */
export const E2E_TOKEN = 'e2e-token-not-secret';
