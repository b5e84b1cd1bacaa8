// Swagger UI for this API: same-origin spec, "Authorize" with a bearer token, kept across reloads.
// A separate file (not an inline script) so a strict Content-Security-Policy can forbid inline JS.
window.addEventListener('load', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
  });
});
