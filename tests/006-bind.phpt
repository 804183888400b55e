--TEST--
Vtws\bind() quotes hostile values so they stay inside their literal
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--INI--
serialize_precision=-1
--FILE--
<?php
declare(strict_types=1);

function show(string $vtql, array $params): void
{
    try {
        echo Vtws\bind($vtql, $params), "\n";
    } catch (TypeError | ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "-- strings\n";
show('SELECT * FROM Contacts WHERE lastname = ?', ["O'Brien"]);
show('SELECT * FROM Contacts WHERE lastname = ?', ["''"]);
show('SELECT * FROM Contacts WHERE lastname = ?', ['C:\\temp\\']);
show('SELECT * FROM Contacts WHERE lastname = ?', ["\\'; DROP TABLE vtiger_users; --"]);
show('SELECT * FROM Contacts WHERE lastname = ?', ["x' OR '1'='1"]);
show('SELECT * FROM Contacts WHERE lastname = ? AND firstname = ?', ['a?b', '?']);
show('SELECT * FROM Contacts WHERE lastname = ?', ['山田太郎']);
show('SELECT * FROM Contacts WHERE lastname = ?', ['Иванов']);
show('SELECT * FROM Contacts WHERE lastname = ?', ["nul\0byte"]);
show('SELECT * FROM Contacts WHERE lastname = ?', ["line\nbreak\ttab"]);

echo "-- literals already in the statement keep their ? and quotes\n";
show("SELECT * FROM Contacts WHERE lastname = 'why?' AND firstname = ?", ['Ann']);
show("SELECT * FROM Contacts WHERE lastname = 'it''s ?' AND firstname = ?", ['Ann']);

echo "-- numbers, booleans, dates\n";
show('SELECT * FROM Contacts WHERE id = ? AND x = ?', [42, -7]);
show('SELECT * FROM Products WHERE unit_price > ?', [19.99]);
show('SELECT * FROM Products WHERE unit_price > ?', [1.0e20]);
show('SELECT * FROM Products WHERE discontinued = ? OR x = ?', [true, false]);
show('SELECT * FROM Contacts WHERE modifiedtime > ?',
    [new DateTimeImmutable('2024-03-01 09:30:00', new DateTimeZone('Asia/Tokyo'))]);
show('SELECT * FROM Contacts WHERE modifiedtime > ?',
    [new DateTime('2024-12-31 23:59:59', new DateTimeZone('UTC'))]);

echo "-- arrays for IN\n";
show('SELECT * FROM Contacts WHERE id IN ?', [['12x1', '12x2']]);
show('SELECT * FROM Contacts WHERE lastname IN ?', [["O'Brien", 'Smith', 3]]);
show('SELECT * FROM Contacts WHERE id IN ?', [['only' => 'x', 'keys' => 'y']]);

echo "-- named keys are taken in order\n";
show('SELECT * FROM Contacts WHERE a = ? AND b = ?', ['first' => 1, 'second' => 'two']);

echo "-- no placeholders\n";
show('SELECT * FROM Contacts;', []);

echo "-- errors\n";
show('SELECT * FROM Contacts WHERE a = ? AND b = ?', [1]);
show('SELECT * FROM Contacts WHERE a = ?', [1, 2]);
show('SELECT * FROM Contacts', ['extra']);
show('SELECT * FROM Contacts WHERE a = ?', ['']);
show('SELECT * FROM Contacts WHERE a = ?', [null]);
show('SELECT * FROM Contacts WHERE a IN ?', [[]]);
show('SELECT * FROM Contacts WHERE a IN ?', [[[1]]]);
show('SELECT * FROM Contacts WHERE a IN ?', [['x', null]]);
show('SELECT * FROM Contacts WHERE a = ?', [new stdClass()]);
show('SELECT * FROM Contacts WHERE a = ?', [NAN]);
show('SELECT * FROM Contacts WHERE a = ?', [INF]);
show('SELECT * FROM Contacts WHERE a = ?', [fopen('php://memory', 'r')]);
?>
--EXPECT--
-- strings
SELECT * FROM Contacts WHERE lastname = 'O''Brien'
SELECT * FROM Contacts WHERE lastname = ''''''
SELECT * FROM Contacts WHERE lastname = 'C:\\temp\\'
SELECT * FROM Contacts WHERE lastname = '\\''; DROP TABLE vtiger_users; --'
SELECT * FROM Contacts WHERE lastname = 'x'' OR ''1''=''1'
SELECT * FROM Contacts WHERE lastname = 'a?b' AND firstname = '?'
SELECT * FROM Contacts WHERE lastname = '山田太郎'
SELECT * FROM Contacts WHERE lastname = 'Иванов'
SELECT * FROM Contacts WHERE lastname = 'nul\0byte'
SELECT * FROM Contacts WHERE lastname = 'line
break	tab'
-- literals already in the statement keep their ? and quotes
SELECT * FROM Contacts WHERE lastname = 'why?' AND firstname = 'Ann'
SELECT * FROM Contacts WHERE lastname = 'it''s ?' AND firstname = 'Ann'
-- numbers, booleans, dates
SELECT * FROM Contacts WHERE id = 42 AND x = -7
SELECT * FROM Products WHERE unit_price > '19.99'
SELECT * FROM Products WHERE unit_price > '1.0E+20'
SELECT * FROM Products WHERE discontinued = 1 OR x = 0
SELECT * FROM Contacts WHERE modifiedtime > '2024-03-01 00:30:00'
SELECT * FROM Contacts WHERE modifiedtime > '2024-12-31 23:59:59'
-- arrays for IN
SELECT * FROM Contacts WHERE id IN ('12x1','12x2')
SELECT * FROM Contacts WHERE lastname IN ('O''Brien','Smith',3)
SELECT * FROM Contacts WHERE id IN ('x','y')
-- named keys are taken in order
SELECT * FROM Contacts WHERE a = 1 AND b = 'two'
-- no placeholders
SELECT * FROM Contacts;
-- errors
ValueError: The query has more ? placeholders than the 1 parameters given
ValueError: The query has 1 ? placeholders but 2 parameters were given
ValueError: The query has 0 ? placeholders but 1 parameters were given
ValueError: Parameter 1 is an empty string; Vtiger's VTQL lexer rejects ''
ValueError: Parameter 1 is null; VTQL cannot compare with NULL
ValueError: Parameter 1 is an empty array; VTQL has no empty IN () list
TypeError: Parameter 1: nested arrays cannot be bound
TypeError: Parameter 1 must be of type string|int|float|bool|array|DateTimeInterface, null given
TypeError: Parameter 1 must be of type string|int|float|bool|array|DateTimeInterface, stdClass given
ValueError: Parameter 1 is not a finite number
ValueError: Parameter 1 is not a finite number
TypeError: Parameter 1 must be of type string|int|float|bool|array|DateTimeInterface, resource given
