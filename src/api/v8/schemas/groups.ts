import { Type } from '@sinclair/typebox';
import { maybe, wrapped } from './common.js';

export const GroupBody = wrapped('group', Type.Object({ name: Type.Optional(Type.String()), wid: maybe(Type.Integer()) }));
