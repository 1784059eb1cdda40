// @strapi/utils loads `preferred-pm` 5 for its named export; 5 requires Node 22.13, 4 (the same
// function, exported as default) runs on Node 20. Same answer either way: { name, version } or
// undefined for the package manager a project uses.
export { default as preferredPM } from 'preferred-pm-4';
