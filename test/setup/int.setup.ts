import 'reflect-metadata';

// Integration and end-to-end files talk to real PostgreSQL and Redis: give them room.
jest.setTimeout(180_000);
