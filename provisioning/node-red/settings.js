// Node-RED settings for the docker compose stack: the editor behind a login, credentials
// encrypted with a secret from the environment (.env), projects off, context on disk.
module.exports = {
  uiPort: 1880,
  flowFile: "flows.json",
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,
  adminAuth: {
    type: "credentials",
    users: [{ username: process.env.NODE_RED_ADMIN_USER || "admin", password: process.env.NODE_RED_ADMIN_PASSWORD_HASH, permissions: "*" }],
  },
  contextStorage: { default: { module: "localfilesystem" } },
  logging: { console: { level: "info", metrics: false, audit: false } },
  editorTheme: { projects: { enabled: false } },
};
