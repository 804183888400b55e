--TEST--
Sync Connector: encrypted push bodies round-trip with openssl_decrypt; key and IV lengths are checked
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
<?php if (!extension_loaded('openssl')) die('skip openssl not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

use Vtws\Sync\Connector;

function connector(string $algo, string $key, string $iv, string $params = ''): Connector
{
    $params = $params ?: '<parameter name="_raw_data" value="@records"/>';
    $xml = <<<XML
<connector>
  <synctype>user</synctype>
  <config><fields>
    <field name="key" type="password"/><field name="iv" type="password"/><field name="Algo" type="text" value="AES"/>
  </fields></config>
  <modules><module servicemodule="people" vtigermodule="Contacts"/></modules>
  <service><url>https://svc.example</url></service>
  <push>
    <request method="post" encrypt="true">
      <url>/batch</url>
      <parameters raw-post-data="true" key="\$config.\$fields.key" iv="\$config.\$fields.iv" algo="\$config.\$fields.Algo">$params</parameters>
    </request>
    <response/>
  </push>
</connector>
XML;
    return Connector::fromString($xml, ['config' => ['key' => $key, 'iv' => $iv, 'Algo' => $algo]]);
}

$records = [['fields' => ['given_name' => 'Aiko', 'note' => 'üñí/"x"']], ['fields' => ['given_name' => 'Ben']]];
$json = json_encode($records, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
$key32 = str_repeat('k', 32);
$key24 = str_repeat('t', 24);
$iv16 = '0123456789abcdef';
$iv8 = '01234567';

foreach ([['AES', $key32, $iv16, 'aes-256-cbc'], ['AES', $key32, '', 'aes-256-ecb'],
          ['3DES', $key24, $iv8, 'des-ede3-cbc'], ['aes-128-cbc', substr($key32, 0, 16), $iv16, 'aes-128-cbc']]
         as [$algo, $key, $iv, $cipher]) {
    $request = connector($algo, $key, $iv)->buildRequest('Contacts', 'push', ['records' => $records]);
    $plain = openssl_decrypt($request['body'], $cipher, $key, 0, $iv);
    printf("%-12s %s base64=%s same=%s\n", $algo, $request['headers']['Content-Type'],
        preg_match('~^[A-Za-z0-9+/]+=*$~', $request['body']) ? 'yes' : 'no', var_export($plain === $json, true));
}

// An encrypted object body (no _raw_data) is the JSON object.
$request = connector('AES', $key32, $iv16, '<parameter name="items" value="@records"/>')
    ->buildRequest('Contacts', 'push', ['records' => $records]);
var_dump(openssl_decrypt($request['body'], 'aes-256-cbc', $key32, 0, $iv16) === json_encode(['items' => $records], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));

foreach ([['AES', 'short', $iv16], ['AES', $key32, 'shortiv'], ['3DES', $key24, ''], ['3DES', $key32, $iv8], ['ROT13', $key32, '']] as [$algo, $key, $iv]) {
    try {
        connector($algo, $key, $iv);
        echo "loaded\n";
    } catch (Vtws\Sync\LoadException $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
AES          text/plain base64=yes same=true
AES          text/plain base64=yes same=true
3DES         text/plain base64=yes same=true
aes-128-cbc  text/plain base64=yes same=true
bool(true)
line 8 <push>: the AES-256-CBC key must be 32 bytes long, 5 given
line 8 <push>: the AES-256-CBC IV must be 16 bytes long, 7 given
line 8 <push>: the DES-EDE3-CBC IV must be 8 bytes long, 0 given
line 8 <push>: the DES-EDE3-CBC key must be 24 bytes long, 32 given
line 8 <push>: unknown encryption algorithm "ROT13"
