#pragma once
// The source annotation language (SAL 1 and 2) and driver annotations, as no-ops: they only
// inform Microsoft's static analysis.
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _In_reads_z_(n)
#define _In_range_(a, b)
#define _Out_
#define _Out_opt_
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_to_(a, b)
#define _Out_writes_to_opt_(a, b)
#define _Out_writes_all_(n)
#define _Out_writes_all_opt_(n)
#define _Out_writes_bytes_to_(a, b)
#define _Out_writes_bytes_to_opt_(a, b)
#define _Out_writes_bytes_all_(n)
#define _Out_writes_bytes_all_opt_(n)
#define _Out_writes_z_(n)
#define _Out_range_(a, b)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(n)
#define _Inout_updates_opt_(n)
#define _Inout_updates_bytes_(n)
#define _Inout_updates_bytes_opt_(n)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _Outptr_result_buffer_(n)
#define _Outptr_result_bytebuffer_(n)
#define _COM_Outptr_
#define _COM_Outptr_opt_
#define _COM_Outptr_result_maybenull_
#define _COM_Outptr_opt_result_maybenull_
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_out_range_(a, b)
#define _Ret_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Ret_range_(a, b)
#define _Ret_writes_(n)
#define _Ret_writes_bytes_(n)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _At_(target, annotation)
#define _At_buffer_(target, i, n, annotation)
#define _When_(condition, annotation)
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Check_return_
#define _Must_inspect_result_
#define _Pre_
#define _Post_
#define _Pre_null_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_valid_
#define _Post_valid_
#define _Post_invalid_
#define _Post_null_
#define _Post_notnull_
#define _Post_z_
#define _Post_writable_byte_size_(n)
#define _Post_readable_byte_size_(n)
#define _Post_satisfies_(expr)
#define _Pre_satisfies_(expr)
#define _Null_terminated_
#define _NullNull_terminated_
#define _Notnull_
#define _Maybenull_
#define _Field_size_(n)
#define _Field_size_opt_(n)
#define _Field_size_bytes_(n)
#define _Field_size_bytes_opt_(n)
#define _Field_range_(a, b)
#define _Field_z_
#define _Struct_size_bytes_(n)
#define _Printf_format_string_
#define _Use_decl_annotations_
#define _Analysis_assume_(expr)
#define _Analysis_mode_(mode)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Reserved_
#define _Const_
#define _Literal_
#define _Strict_type_match_
#define _Points_to_data_
#define _Interlocked_
#define _Interlocked_operand_
#define _Guarded_by_(lock)
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _Create_lock_level_(level)
#define _Has_lock_level_(level)
#define _Lock_level_order_(a, b)
#define _Function_class_(name)
#define _Raises_SEH_exception_
#define _Maybe_raises_SEH_exception_
#define _Always_(annotation)
#define _On_failure_(annotation)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_always_function_max_(irql)
#define _IRQL_always_function_min_(irql)
#define _IRQL_requires_same_
#define _IRQL_uses_cancel_
// SAL 1 spellings.
#define __in
#define __in_opt
#define __out
#define __out_opt
#define __inout
#define __inout_opt
#define __in_z
#define __in_opt_z
#define __deref_out
#define __deref_out_opt
#define __deref_opt_out
#define __deref_inout
#define __in_bcount(n)
#define __in_bcount_opt(n)
#define __in_ecount(n)
#define __in_ecount_opt(n)
#define __out_bcount(n)
#define __out_bcount_opt(n)
#define __out_ecount(n)
#define __out_ecount_opt(n)
#define __out_bcount_part(n, m)
#define __out_ecount_part(n, m)
#define __inout_bcount(n)
#define __inout_ecount(n)
#define __bcount(n)
#define __ecount(n)
#define __field_bcount(n)
#define __field_ecount(n)
#define __success(expr)
#define __checkReturn
#define __nullterminated
#define __reserved
#define __callback
#define __override
#define __analysis_assume(expr)
#define __format_string
#define __drv_aliasesMem
#define __drv_freesMem(kind)
#define __drv_allocatesMem(kind)
#define __drv_maxIRQL(irql)
#define __drv_minIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_setsIRQL(irql)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_sameIRQL
#define __drv_when(condition, annotation)
#define __drv_arg(param, annotation)
#define __drv_in(annotation)
#define __drv_out(annotation)
#define __drv_functionClass(name)
#define __drv_dispatchType(kind)
#define __drv_mustHold(kind)
#define __drv_acquiresResource(kind)
#define __drv_releasesResource(kind)
#define __drv_neverHold(kind)
#define __drv_requiresIRQL(irql)
#define __control_entrypoint(category)
#define __rpc_entry
#define __user_driver
#define __kernel_driver
#define __kernel_code
#define __user_code
