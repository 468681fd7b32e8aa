// Lets ts-jest apply the @nestjs/swagger CLI plugin, with the options nest-cli.json gives it, so
// the document served in tests is the one `nest build` produces.
const plugin = require('@nestjs/swagger/plugin');
const nestCli = require('../nest-cli.json');

const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) => plugin.before(options, compiler.program);
