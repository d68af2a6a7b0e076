// Error messages residents can read, in zh-CN (default) and English, chosen by Accept-Language.

export type Locale = 'zh-CN' | 'en';

/** One entry per stable error code; docs/errors.md lists the same codes (a test keeps them equal). */
export const errorMessages = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': '填写的内容有误，请按提示修改后再提交',
    en: 'Some of the information is not valid; please correct the fields shown and try again',
  },
  MALFORMED_JSON: {
    status: 400,
    'zh-CN': '请求内容不是有效的 JSON 格式',
    en: 'The request body is not valid JSON',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    'zh-CN': '缺少 Idempotency-Key 请求头，无法安全地重复提交',
    en: 'The Idempotency-Key header is required for this request',
  },
  UNAUTHORIZED: {
    status: 401,
    'zh-CN': '请先登录',
    en: 'Please sign in first',
  },
  FORBIDDEN: {
    status: 403,
    'zh-CN': '您没有办理此事项的权限',
    en: 'You are not allowed to do this',
  },
  UPLOAD_LINK_INVALID: {
    status: 403,
    'zh-CN': '上传链接无效或已过期，请重新选择文件上传',
    en: 'This upload link is invalid or has expired; please choose the file again',
  },
  NOT_FOUND: {
    status: 404,
    'zh-CN': '没有找到您要的内容，请核对后重试',
    en: 'Nothing was found here; please check and try again',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    'zh-CN': '此地址不支持该请求方式',
    en: 'This address does not accept that request method',
  },
  SLOT_FULL: {
    status: 409,
    'zh-CN': '该时段已约满，请选择其他时段',
    en: 'This time slot is fully booked; please choose another',
  },
  BOOKING_NOT_CHANGEABLE: {
    status: 409,
    'zh-CN': '该预约已不能修改或取消',
    en: 'This booking can no longer be changed or cancelled',
  },
  STAGE_CONFLICT: {
    status: 409,
    'zh-CN': '案件当前所处阶段不能进行此操作',
    en: 'This action is not possible at the case’s current stage',
  },
  IDEMPOTENCY_IN_FLIGHT: {
    status: 409,
    'zh-CN': '相同的请求仍在处理中，请稍后再试',
    en: 'The same request is still being processed; please try again shortly',
  },
  CLOCK_BACKWARDS: {
    status: 409,
    'zh-CN': '时钟只能向前调整',
    en: 'The clock can only move forward',
  },
  PRECONDITION_FAILED: {
    status: 412,
    'zh-CN': '内容已被他人更新，请刷新后再操作',
    en: 'This record has changed since you loaded it; please reload and try again',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    'zh-CN': '提交的内容过大',
    en: 'The request is too large',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': '请以 JSON 格式（application/json）提交',
    en: 'Please send the request as JSON (application/json)',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    'zh-CN': '该 Idempotency-Key 已用于内容不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    'zh-CN': '尝试次数过多，请稍后再试',
    en: 'Too many attempts; please try again later',
  },
  INTERNAL: {
    status: 500,
    'zh-CN': '系统出现问题，请稍后再试',
    en: 'Something went wrong on our side; please try again later',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    'zh-CN': '服务正在启动或暂不可用，请稍后再试',
    en: 'The service is starting or temporarily unavailable; please try again shortly',
  },
} as const satisfies Record<string, { status: number } & Record<Locale, string>>;

export type ErrorCode = keyof typeof errorMessages;

/** English only when the caller prefers it; zh-CN otherwise (the product's default). */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
