<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\Errors;

/** listtypes and describe (include/Webservices/ModuleTypes.php, DescribeObject.php). */
final class Meta
{
    public function __construct(private readonly Context $ctx)
    {
    }

    public function listtypes(mixed $fieldTypeList, ?array $user): array
    {
        $all = $this->ctx->meta->listtypes();
        if (!is_array($fieldTypeList) || $fieldTypeList === []) {
            return $all;
        }
        $wanted = array_map('strval', array_filter($fieldTypeList, 'is_scalar'));
        $types = [];
        $information = [];
        foreach ($all['types'] as $module) {
            $info = $all['information'][$module];
            // Only entity modules qualify, and Users is never listed for a field type.
            if ($info['isEntity'] !== true || $module === 'Users') {
                continue;
            }
            if (array_intersect($wanted, $this->ctx->meta->fieldTypesOf($module)) !== []) {
                $types[] = $module;
                $information[$module] = $info;
            }
        }
        return ['types' => $types, 'information' => $information];
    }

    public function describe(?string $elementType, ?array $user): array
    {
        $describe = $elementType === null ? null : $this->ctx->meta->describe($elementType);
        if ($describe === null) {
            throw Errors::accessDenied(Errors::DENIED_NAME . (string) $elementType);
        }
        return $describe;
    }
}
