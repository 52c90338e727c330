/** What `scripts/demo.mjs --json` prints, handed from the global setup to every test file. */
export interface DemoUrls {
  pageUrl: string;
  apiUrl: string;
  socketUrl: string;
  adminUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    demo: DemoUrls;
  }
}
