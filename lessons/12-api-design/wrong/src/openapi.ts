/** The contract, served at GET /openapi.json. Clients generate code from it, so it must match the server. */
export const openapi = {
  openapi: '3.1.0',
  info: { title: 'Users API', version: '2.0.0' },
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
    '/v2/users/{id}': {
      get: {
        summary: 'One user (v2)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': { description: 'The user', content: { 'application/json': { schema: { $ref: '#/components/schemas/UserV2' } } } },
          '400': { description: 'Malformed id', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          '404': { description: 'No such user', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
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
      UserV2: {
        type: 'object',
        required: ['id', 'name', 'email', 'createdAt'],
        additionalProperties: false,
        properties: {
          id: { type: 'integer' },
          name: {
            type: 'object',
            required: ['given', 'family'],
            additionalProperties: false,
            properties: { given: { type: 'string' }, family: { type: 'string' } },
          },
          email: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      Problem: {
        description: 'RFC 9457 problem details',
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
        },
      },
    },
  },
};
