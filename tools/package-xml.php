<?php

declare(strict_types=1);

/*
 * Keeps the <contents> of package.xml equal to the files that make up the
 * PECL package, so `pecl package` never ships a stale list.
 *
 *   php tools/package-xml.php --check   exit 1 and list differences
 *   php tools/package-xml.php --write   rewrite <contents> from the file list
 *
 * The file list is what git knows about (committed or new but not ignored),
 * filtered by PACKAGE_RULES: the first matching rule decides the role, or
 * leaves the file out when the role is null.
 */

const PACKAGE_XML = 'package.xml';
const PEAR_NS = 'http://pear.php.net/dtd/package-2.0';

/** Path pattern (fnmatch, no FNM_PATHNAME: "*" crosses "/") => role or null. */
const PACKAGE_RULES = [
    '.*' => null,
    '*/.*' => null,
    'package.xml' => null,
    'tools/*' => null,
    'bench/*' => null,
    'composer.json' => null,
    'config.m4' => 'src',
    'config.w32' => 'src',
    'vtws.c' => 'src',
    'php_vtws.h' => 'src',
    'src/*' => 'src',
    'stubs/*' => 'src',
    'tests/*' => 'test',
    'phpunit.xml.dist' => 'test',
    'README.md' => 'doc',
    'TESTING.md' => 'doc',
    'LICENSE' => 'doc',
    'examples/*' => 'doc',
    'docs/*' => 'doc',
    'bin/*' => 'script',
];

function roleFor(string $path): ?string
{
    foreach (PACKAGE_RULES as $pattern => $role) {
        if (fnmatch($pattern, $path)) {
            return $role;
        }
    }
    return null;
}

/** @return array<string, string> path => role, sorted by path */
function expectedContents(string $root): array
{
    $command = 'git -C ' . escapeshellarg($root) . ' ls-files -z --cached --others --exclude-standard';
    $listing = shell_exec($command);
    if (!is_string($listing) || $listing === '') {
        throw new RuntimeException('git ls-files returned nothing; run inside the repository');
    }
    $contents = [];
    foreach (array_filter(explode("\0", $listing)) as $path) {
        $role = roleFor($path);
        if ($role !== null && is_file("$root/$path")) {
            $contents[$path] = $role;
        }
    }
    ksort($contents, SORT_STRING);
    return $contents;
}

function loadPackage(string $file): DOMDocument
{
    $document = new DOMDocument();
    $document->preserveWhiteSpace = false;
    $document->formatOutput = true;
    if (!$document->load($file)) {
        throw new RuntimeException("$file is not well-formed XML");
    }
    return $document;
}

function contentsElement(DOMDocument $document): DOMElement
{
    $found = $document->getElementsByTagNameNS(PEAR_NS, 'contents')->item(0);
    if (!$found instanceof DOMElement) {
        throw new RuntimeException('package.xml has no <contents> element');
    }
    return $found;
}

/** @return array<string, string> path => role, as listed (nested dirs resolved) */
function listedContents(DOMElement $element, string $prefix = ''): array
{
    $contents = [];
    foreach ($element->childNodes as $child) {
        if (!$child instanceof DOMElement) {
            continue;
        }
        $name = trim($child->getAttribute('name'), '/');
        $path = ltrim($prefix . '/' . $name, '/');
        if ($child->localName === 'dir') {
            $contents += listedContents($child, $path);
        } elseif ($child->localName === 'file') {
            $contents[$path] = $child->getAttribute('role');
        }
    }
    return $contents;
}

/** @return list<string> human-readable differences */
function differences(array $expected, array $listed): array
{
    $problems = [];
    foreach (array_diff_key($expected, $listed) as $path => $role) {
        $problems[] = "missing from package.xml: $path (role $role)";
    }
    foreach (array_diff_key($listed, $expected) as $path => $role) {
        $problems[] = "listed but not part of the package: $path";
    }
    foreach (array_intersect_key($listed, $expected) as $path => $role) {
        if ($role !== $expected[$path]) {
            $problems[] = "wrong role for $path: $role, expected {$expected[$path]}";
        }
    }
    return $problems;
}

function rewriteContents(DOMDocument $document, array $expected): void
{
    $old = contentsElement($document);
    $contents = $document->createElementNS(PEAR_NS, 'contents');
    $root = $contents->appendChild($document->createElementNS(PEAR_NS, 'dir'));
    $root->setAttribute('name', '/');
    foreach ($expected as $path => $role) {
        $file = $root->appendChild($document->createElementNS(PEAR_NS, 'file'));
        $file->setAttribute('name', $path);
        $file->setAttribute('role', $role);
    }
    $old->parentNode->replaceChild($contents, $old);
}

function main(array $argv): int
{
    $mode = $argv[1] ?? '--check';
    $root = dirname(__DIR__);
    $file = "$root/" . PACKAGE_XML;
    $expected = expectedContents($root);
    $document = loadPackage($file);

    if ($mode === '--write') {
        rewriteContents($document, $expected);
        $document->save($file);
        printf("package.xml now lists %d files\n", count($expected));
        return 0;
    }
    if ($mode !== '--check') {
        fwrite(STDERR, "usage: php tools/package-xml.php [--check|--write]\n");
        return 2;
    }
    $problems = differences($expected, listedContents(contentsElement($document)));
    foreach ($problems as $problem) {
        echo $problem, "\n";
    }
    if ($problems !== []) {
        echo "run: php tools/package-xml.php --write\n";
        return 1;
    }
    printf("package.xml lists all %d package files\n", count($expected));
    return 0;
}

exit(main($argv));
