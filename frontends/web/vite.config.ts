import { defineConfig } from "vite";

// The gateway serves dist/ at / and dist/assets at /assets; the API stays under /api.
export default defineConfig({
  build: { outDir: "dist", assetsDir: "assets" },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/auth": "http://127.0.0.1:8000" } },
  test: { environment: "node" },
});
