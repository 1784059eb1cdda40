/** Log level from STRAPI_LOG_LEVEL (tests set "warn" to keep jest output readable). */
export default ({ env }) => ({
  level: env('STRAPI_LOG_LEVEL', 'http'),
});
