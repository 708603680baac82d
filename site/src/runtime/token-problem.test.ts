import { describe, expect, it } from 'vitest';
import { tokenProblem } from './local-runner-runtime.ts';

describe('tokenProblem', () => {
  it('says what went wrong once, without repeating the remedy the notice gives', () => {
    expect(tokenProblem('missing token: open the URL that `npm start` printed')).toBe('The page sent no token.');
    expect(tokenProblem('wrong token: open the URL that `npm start` printed')).toBe('The token this page has is not the runner’s.');
    expect(tokenProblem('missing token')).toBe('The page sent no token.');
    expect(tokenProblem('HTTP 401')).toBe('HTTP 401.');
  });
});
