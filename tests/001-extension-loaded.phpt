--TEST--
vtws is loaded and reports its version and libcurl versions in phpinfo()
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

var_dump(extension_loaded('vtws'));
var_dump(phpversion('vtws') === '0.1.0');
var_dump(function_exists('Vtws\decode'), function_exists('Vtws\bind'));

ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();

// Only the vtws section: it starts at its own heading and ends at the next module.
$start = strpos($info, "\nvtws\n");
var_dump($start !== false);
$section = substr($info, $start);

var_dump(str_contains($section, 'vtws support => enabled'));
var_dump((bool) preg_match('/^Version => 0\.1\.0$/m', $section));
var_dump((bool) preg_match('/^libcurl compile-time version => \d+\.\d+\.\d+/m', $section));
var_dump((bool) preg_match('/^libcurl run-time version => \d+\.\d+\.\d+/m', $section));
var_dump(str_contains($section, 'vtws.default_timeout'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
