import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { ErrorBody } from './error-body.dto';

/**
 * OpenAPI decorators shared by the controllers, so that every operation documents the same error shape and its
 * sign-in the same way. Explicit on purpose: the Swagger CLI plugin runs only in `nest build`, not under Jest.
 */

/** What each refusal means, in the users' words. */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '输入有误：errors 逐项列出字段和原因，什么也没有保存',
  401: '未登录，或令牌已过期、已注销',
  403: '当前角色无权执行此操作',
  404: '记录不存在，或路径中的编号不是有效的 id',
  409: '与现有数据冲突（重复的代码、已过账、已结账等），什么也没有保存',
  413: '请求体或计算规模超过上限',
  415: '请求体须为 UTF-8 编码的 JSON',
  429: '尝试过于频繁，请稍后再试',
  503: '数据库暂时不可用，请按 Retry-After 头稍后重试',
};

/** The error responses an operation may answer, each with the ErrorBody schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBody),
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? '请求被拒绝', type: ErrorBody })),
  );
}

/** A controller behind sign-in: bearer token, and the refusals of the guard (401, 403) and of an unreachable database (503). */
export function ApiSignedIn(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401, 403, 503));
}

/**
 * What a success answer carries: a response class (its @ApiProperty fields, in a `*.responses.ts` file next to the
 * controller) or, for the rare shape a class cannot say, a schema object. Without one, any JSON object.
 */
export type ResponseBody = Type<unknown> | SchemaObject;

/** Any JSON object: only for a new route not yet given its response class (the OpenAPI test names such routes). */
const OBJECT: SchemaObject = { type: 'object' };

/** The schema of `body`, and the models it needs registered. */
function schemaOf(body: ResponseBody = OBJECT): { schema: SchemaObject | ReferenceObject; models: Array<Type<unknown>> } {
  return typeof body === 'function' ? { schema: { $ref: getSchemaPath(body) }, models: [body] } : { schema: body, models: [] };
}

/** 200 with a JSON object of the given class (or schema). */
export function ApiOk(description: string, body?: ResponseBody): MethodDecorator {
  const { schema, models } = schemaOf(body);
  return applyDecorators(ApiExtraModels(...models), ApiOkResponse({ description, schema }));
}

/** 201 with the new record, of the given class (or schema). */
export function ApiCreated(description: string, body?: ResponseBody): MethodDecorator {
  const { schema, models } = schemaOf(body);
  return applyDecorators(ApiExtraModels(...models), ApiCreatedResponse({ description, schema }));
}

/** 204: done, nothing to say. */
export function ApiDone(description: string): MethodDecorator {
  return ApiNoContentResponse({ description });
}

/** A page of a list: `{ items, total, page, pageSize }` (platform/http/paging.ts), the items of the given class. */
export function ApiPage(description: string, item?: ResponseBody): MethodDecorator {
  const { schema, models } = schemaOf(item);
  return applyDecorators(
    ApiExtraModels(...models),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'total', 'page', 'pageSize'],
        properties: {
          items: { type: 'array', items: schema, description: '本页的记录' },
          total: { type: 'integer', description: '符合条件的记录总数', example: 1 },
          page: { type: 'integer', description: '页码，从 1 开始', example: 1 },
          pageSize: { type: 'integer', description: '每页条数', example: 50 },
        },
      },
    }),
  );
}

/** A whole list, as a JSON array of the given class. */
export function ApiList(description: string, item?: ResponseBody): MethodDecorator {
  const { schema, models } = schemaOf(item);
  return applyDecorators(ApiExtraModels(...models), ApiOkResponse({ description, schema: { type: 'array', items: schema } }));
}
