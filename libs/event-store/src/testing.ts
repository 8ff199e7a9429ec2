export * from './decider/given-when-then';
