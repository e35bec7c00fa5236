// Swagger UI on this service's own OpenAPI document (a file of its own: the pages allow no inline script).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
