/** `AuthUser` is written out as an interface (what an editor shows on hover); this keeps it equal to its schema. */
import { expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { AuthUser, authUserSchema } from './auth.js';

it('AuthUser is exactly what authUserSchema yields', () => {
  expectTypeOf<AuthUser>().toEqualTypeOf<z.infer<typeof authUserSchema>>();
});
