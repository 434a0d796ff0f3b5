package io.ebpf4j.btf;

import java.util.Map;

/** Maps the {@link BtfType} record classes to their {@link BtfKind}. */
final class BtfKinds {
    private static final Map<Class<? extends BtfType>, BtfKind> KINDS = Map.ofEntries(
            Map.entry(BtfType.Void.class, BtfKind.VOID),
            Map.entry(BtfType.Int.class, BtfKind.INT),
            Map.entry(BtfType.Ptr.class, BtfKind.PTR),
            Map.entry(BtfType.Array.class, BtfKind.ARRAY),
            Map.entry(BtfType.Struct.class, BtfKind.STRUCT),
            Map.entry(BtfType.Union.class, BtfKind.UNION),
            Map.entry(BtfType.Enum.class, BtfKind.ENUM),
            Map.entry(BtfType.Fwd.class, BtfKind.FWD),
            Map.entry(BtfType.Typedef.class, BtfKind.TYPEDEF),
            Map.entry(BtfType.Volatile.class, BtfKind.VOLATILE),
            Map.entry(BtfType.Const.class, BtfKind.CONST),
            Map.entry(BtfType.Restrict.class, BtfKind.RESTRICT),
            Map.entry(BtfType.Func.class, BtfKind.FUNC),
            Map.entry(BtfType.FuncProto.class, BtfKind.FUNC_PROTO),
            Map.entry(BtfType.Var.class, BtfKind.VAR),
            Map.entry(BtfType.DataSec.class, BtfKind.DATASEC),
            Map.entry(BtfType.Float.class, BtfKind.FLOAT),
            Map.entry(BtfType.DeclTag.class, BtfKind.DECL_TAG),
            Map.entry(BtfType.TypeTag.class, BtfKind.TYPE_TAG),
            Map.entry(BtfType.Enum64.class, BtfKind.ENUM64));

    private BtfKinds() {}

    static BtfKind kindOf(Class<? extends BtfType> type) {
        BtfKind k = KINDS.get(type);
        if (k == null) {
            throw new IllegalArgumentException(type.getName() + " is not a single BTF kind; use a record class such as BtfType.Struct");
        }
        return k;
    }
}
