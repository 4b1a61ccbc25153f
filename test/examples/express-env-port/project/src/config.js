// Settings from the environment, with development defaults. The platform this runs on sets API_PORT.
module.exports = {
  port: Number(process.env.API_PORT) || 8081,
  pageSize: Number(process.env.PAGE_SIZE) || 20,
};
