// Cached forecasts, refreshed by a job outside this service.
export const forecast = {
  oslo: { tempC: -3, sky: 'snow' },
  lisbon: { tempC: 17, sky: 'clear' },
};
