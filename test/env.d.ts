// Bindings the test configuration adds on top of wrangler.toml and .dev.vars.example.
declare namespace Cloudflare {
  interface Env {
    TEST_NEON_CONTROL_URL: string;
    TEST_STREAM_CONTROL_URL: string;
    TEST_MAIL_CONTROL_URL: string;
  }
}

declare namespace Cloudflare {
  interface GlobalProps {
    // Types `exports.default` from cloudflare:workers in tests.
    mainModule: typeof import('../src/index');
  }
}
