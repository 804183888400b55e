<?php

declare(strict_types=1);

/*
 * Schema check of composer.json against a newer Composer's schema.
 *
 * Debian 12 ships Composer 2.5, whose schema predates the "php-ext" section
 * that PIE reads, so its `validate --strict` rejects every PIE package.
 * tools/composer-validate.sh runs the old Composer's strict checks on a copy
 * without "php-ext" and this script for the schema, including "php-ext".
 *
 *   php tools/composer-validate.php composer.json path/to/composer-schema.json
 */

const JSON_SCHEMA_AUTOLOADERS = [
    '/usr/share/php/JsonSchema/autoload.php',
];

function loadJsonSchemaLibrary(): void
{
    foreach (JSON_SCHEMA_AUTOLOADERS as $autoloader) {
        if (is_file($autoloader)) {
            require $autoloader;
            return;
        }
    }
    fwrite(STDERR, "justinrainbow/json-schema not found (Debian package php-json-schema)\n");
    exit(2);
}

function readJson(string $path): object
{
    $data = json_decode((string) file_get_contents($path), false, 512, JSON_THROW_ON_ERROR);
    if (!$data instanceof stdClass) {
        throw new UnexpectedValueException("$path does not hold a JSON object");
    }
    return $data;
}

/** What Composer's strict mode adds on top of its published schema. */
function strictSchema(object $schema): object
{
    $schema->additionalProperties = false;
    $schema->required = ['name', 'description'];
    return $schema;
}

function main(array $argv): int
{
    [, $manifestPath, $schemaPath] = $argv + [null, 'composer.json', ''];
    if ($schemaPath === '' || !is_file($schemaPath)) {
        fwrite(STDERR, "usage: php composer-validate.php composer.json composer-schema.json\n");
        return 2;
    }
    loadJsonSchemaLibrary();
    $manifest = readJson($manifestPath);
    $validator = new JsonSchema\Validator();
    $validator->validate($manifest, strictSchema(readJson($schemaPath)));
    foreach ($validator->getErrors() as $error) {
        $where = $error['property'] !== '' ? $error['property'] . ': ' : '';
        fwrite(STDERR, "- {$where}{$error['message']}\n");
    }
    if (!$validator->isValid()) {
        return 1;
    }
    echo "$manifestPath matches the schema (php-ext included)\n";
    return 0;
}

exit(main($argv));
