<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Maps method and path to the vendor's operationId and the path parameters. */
final class Router
{
    private const DEFINITION = '#^/apis/apidefinition\.database/v1/accounts/([^/]+)';
    private const RECORD = '#^/apis/record\.database/v1/accounts/([^/]+)/([^/]+)';

    /** @var list<array{string, array<string, string>}> */
    private const ROUTES = [
        [self::DEFINITION . '/apidefinitions$#', ['GET' => 'listApiDefinition']],
        [self::DEFINITION . '/apidefinitions/([^/]+)$#', ['GET' => 'getApiDefinition', 'PUT' => 'putApiDefinition',
            'DELETE' => 'deleteApiDefinition']],
        [self::DEFINITION . '/apidefinitions/([^/]+)/openapiv3$#', ['GET' => 'getOpenApi']],
        [self::DEFINITION . '/openapiv3$#', ['GET' => 'getAllOpenApi']],
        [self::DEFINITION . '/databasedefinitions$#', ['GET' => 'listDatabaseDefinition']],
        [self::DEFINITION . '/databasedefinitions/([^/]+)$#', ['GET' => 'getDatabaseDefinition']],
        [self::RECORD . '/records$#', ['POST' => 'createRecord']],
        [self::RECORD . '/query$#', ['POST' => 'queryRecords']],
        [self::RECORD . '/count$#', ['POST' => 'countRecords']],
        [self::RECORD . '/records/([^/]+)$#', ['GET' => 'getRecord', 'PATCH' => 'patchRecord', 'DELETE' => 'deleteRecord']],
        [self::RECORD . '/records/([^/]+)/authenticate$#', ['POST' => 'authenticate']],
    ];

    /** Scopes of which a token needs at least one, per operation. */
    public const SCOPES = [
        'listApiDefinition' => ['db:apidefinition:design'],
        'getApiDefinition' => ['db:apidefinition:design'],
        'putApiDefinition' => ['db:apidefinition:design'],
        'deleteApiDefinition' => ['db:apidefinition:design'],
        'listDatabaseDefinition' => ['db:apidefinition:design'],
        'getDatabaseDefinition' => ['db:apidefinition:design'],
        'getOpenApi' => ['db:apidefinition:design', 'db:openapi:read'],
        'getAllOpenApi' => ['db:apidefinition:design', 'db:openapi:read'],
        'createRecord' => ['db:record:execute'],
        'patchRecord' => ['db:record:execute'],
        'deleteRecord' => ['db:record:execute'],
        'getRecord' => ['db:record:execute', 'db:record:read'],
        'queryRecords' => ['db:record:execute', 'db:record:read'],
        'countRecords' => ['db:record:execute', 'db:record:read'],
        'authenticate' => ['db:record:execute', 'db:record:read'],
    ];

    /**
     * @return array{operation: ?string, params: list<string>, allowed: list<string>}
     *     operation null and allowed empty: no such path; operation null, allowed set: wrong method
     */
    public static function match(string $method, string $path): array
    {
        foreach (self::ROUTES as [$pattern, $methods]) {
            if (preg_match($pattern, $path, $m) === 1) {
                $params = array_map('rawurldecode', array_slice($m, 1));
                return ['operation' => $methods[$method] ?? null, 'params' => $params, 'allowed' => array_keys($methods)];
            }
        }
        return ['operation' => null, 'params' => [], 'allowed' => []];
    }
}
