export default {
  default: {},
  validator: (_config: unknown) => {},
};
