/** The contract, served at GET /openapi.json. Clients generate code from it, so it must match the server. */
export const openapi = {
  openapi: '3.1.0',
  info: { title: 'Users API', version: '1.0.0' },
  paths: {
    '/v1/users': {
      get: {
        summary: 'List users (v1)',
        responses: {
          '200': {
            description: 'All users',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/UserV1' } } } },
          },
        },
      },
    },
    '/v1/users/{id}': {
      get: {
        summary: 'One user (v1)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': { description: 'The user', content: { 'application/json': { schema: { $ref: '#/components/schemas/UserV1' } } } },
          '404': { description: 'No such user', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorV1' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      UserV1: {
        type: 'object',
        required: ['id', 'name', 'email', 'created'],
        additionalProperties: false,
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          email: { type: 'string' },
          created: { type: 'string', format: 'date' },
        },
      },
      ErrorV1: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string' } },
      },
    },
  },
};
