<?php

declare(strict_types=1);

/*
 * Writes seed inputs for the fuzz targets from the recorded Vtiger exchanges:
 * response bodies for the decoder, sent elements and parameter sets for the encoder,
 * VTQL statements (with their literals also turned into ? placeholders) for the binder.
 *
 *   php tests/fuzz/seeds-from-fixtures.php FIXTURES_DIR OUTPUT_DIR
 */

function write_seed(string $dir, string $content): void
{
    if (!is_dir($dir) && !mkdir($dir, 0777, true) && !is_dir($dir)) {
        throw new RuntimeException("cannot create $dir");
    }
    file_put_contents($dir . '/' . sha1($content), $content);
}

/** The statement with each quoted literal replaced by ?, and the literals as a JSON list. */
function placeholder_form(string $query): ?string
{
    $params = [];
    $statement = preg_replace_callback("/'((?:[^']|'')*)'/", static function (array $m) use (&$params): string {
        $params[] = str_replace("''", "'", $m[1]);
        return '?';
    }, $query);
    if ($params === [] || !is_string($statement)) {
        return null;
    }
    return $statement . "\n" . json_encode($params, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}

function main(array $argv): int
{
    if (count($argv) !== 3 || !is_dir($argv[1])) {
        fwrite(STDERR, "usage: seeds-from-fixtures.php FIXTURES_DIR OUTPUT_DIR\n");
        return 2;
    }
    [, $fixtures, $out] = $argv;
    $files = glob(rtrim($fixtures, '/') . '/*.json') ?: [];
    foreach ($files as $file) {
        $exchange = json_decode((string) file_get_contents($file), true);
        if (!is_array($exchange)) {
            continue;
        }
        if (isset($exchange['response_raw']) && is_string($exchange['response_raw'])) {
            write_seed("$out/decode", $exchange['response_raw']);
        }
        $params = $exchange['request_params'] ?? null;
        if (!is_array($params)) {
            continue;
        }
        write_seed("$out/encode", (string) json_encode($params, JSON_UNESCAPED_UNICODE));
        foreach (['element', 'totranslate', 'fieldTypeList'] as $name) {
            if (isset($params[$name]) && is_string($params[$name])) {
                write_seed("$out/encode", $params[$name]);
            }
        }
        if (isset($params['query']) && is_string($params['query'])) {
            write_seed("$out/vtql", $params['query'] . "\n[]");
            $form = placeholder_form($params['query']);
            if ($form !== null) {
                write_seed("$out/vtql", $form);
            }
        }
    }
    printf("seeds from %d recorded exchanges\n", count($files));
    return 0;
}

exit(main($argv));
